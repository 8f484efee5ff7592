import { Injectable, type OnModuleInit } from '@nestjs/common';
import { NS, XmppComponentConnection } from '@chat/xmpp';
import { RecentIds } from '../mirror/recent-ids';

/** The prefix webStanzaId gives every stanza a web user sends. */
const WEB_STANZA = 'web-';

/**
 * The ids of web sends the server has copied back to the component (mod_service_log), seen the moment they arrive.
 * Such a copy proves the server read the stanza, even when the link closed before the confirming ping was answered:
 * the copy comes first on the same stream. A send in doubt asks here before sending again, so a retry never gives a
 * desktop user the same message twice; the archive answers for copies this process did not see.
 */
@Injectable()
export class ServerEchoes implements OnModuleInit {
  private readonly ids = new RecentIds(50_000);

  constructor(private readonly connection: XmppComponentConnection) {}

  onModuleInit(): void {
    this.connection.onStanza((stanza) => {
      const id = stanza.getChild('forwarded', NS.forward)?.getChild('message')?.attrs.id;
      if (typeof id === 'string' && id.startsWith(WEB_STANZA)) this.ids.add(id);
    });
  }

  has(stanzaId: string): boolean {
    return this.ids.has(stanzaId);
  }
}
