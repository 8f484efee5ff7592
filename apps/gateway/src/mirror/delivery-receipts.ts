import { Injectable } from '@nestjs/common';
import { type ConversationEvent, conversationEventId, splitJid, webStanzaId } from '@chat/domain';
import { WebSessionRegistry, XmppOutboundQueue } from '@chat/queues';
import type { Positioned } from './journal-batch';

/**
 * XEP-0184 for people on the web: a desktop client that asks for a receipt (Converse, Gajim and Conversations show
 * "delivered" with it) gets one on behalf of a recipient who has a web session open, since the message is on its way
 * to their sockets. A recipient only on the desktop answers from their own client; one nowhere gets none, as the XEP
 * says (§5: a receipt means the message reached a client). Sent once per message: the message's first copy only.
 */
@Injectable()
export class DeliveryReceipts {
  constructor(
    private readonly webSessions: WebSessionRegistry,
    private readonly outbound: XmppOutboundQueue,
  ) {}

  /** @param firstArchived ids of the messages this batch archived for the first time */
  async answer(events: Positioned<ConversationEvent>[], firstArchived: ReadonlySet<string>): Promise<void> {
    for (const { event } of events) {
      if (event.kind !== 'message' || !event.receiptRequest || event.conversation.kind !== 'direct' || !event.author.jid) continue;
      const messageId = conversationEventId(event);
      if (!firstArchived.has(messageId) || !(await this.webSessions.hasLiveSession(event.to))) continue;
      const stanzaId = webStanzaId(event.to, `receipt:${messageId}`);
      const toResource = splitJid(event.receiptRequest.from).resource || undefined;
      await this.outbound.enqueue(
        { kind: 'receipt', from: event.to, to: event.author.jid, conversationKind: 'direct', stanzaId, of: event.receiptRequest.id, ...(toResource ? { toResource } : {}) },
        `receipt_${stanzaId}`,
      );
    }
  }
}
