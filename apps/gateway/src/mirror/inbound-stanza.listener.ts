import { Injectable, Logger, type OnModuleInit } from '@nestjs/common';
import type { Element } from '@xmpp/xml';
import { InboundJournal } from '@chat/queues';
import { NS, XmppComponentConnection } from '@chat/xmpp';

/**
 * The stanza handler: journals what the mirror needs, at once and in arrival order, and nothing else. Parsing
 * and storing happen behind the journal, so a slow database never holds up the XMPP link.
 */
@Injectable()
export class InboundStanzaListener implements OnModuleInit {
  private readonly logger = new Logger(InboundStanzaListener.name);

  constructor(
    private readonly connection: XmppComponentConnection,
    private readonly journal: InboundJournal,
  ) {}

  onModuleInit(): void {
    this.connection.onStanza((stanza) => {
      if (!worthJournaling(stanza)) return;
      this.journal.append({ kind: 'stanza', xml: stanza.toString() }).catch((error: Error) => {
        this.logger.error(`could not journal a ${stanza.name} stanza: ${error.message}`);
      });
    });
  }
}

/**
 * Presence copies in service-log messages repeat the presences the server sends us directly. mod_service_log also
 * copies every iq a user sends or receives (the reconciler's pings and their answers among them): the mirror has no
 * use for those, so only copies of messages are journaled.
 */
function worthJournaling(stanza: Element): boolean {
  if (stanza.name === 'presence') return true;
  if (stanza.name !== 'message') return false;
  return !!stanza.getChild('forwarded', NS.forward)?.getChild('message');
}
