import { Injectable, Logger, type OnModuleInit } from '@nestjs/common';
import { InboundJournal } from '@chat/journal';
import { isWorthMirroring, XmppComponentConnection } from '@chat/xmpp';

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
      if (!isWorthMirroring(stanza)) return;
      this.journal.append({ kind: 'stanza', xml: stanza.toString() }).catch((error: Error) => {
        this.logger.error(`could not journal a ${stanza.name} stanza: ${error.message}`);
      });
    });
  }
}
