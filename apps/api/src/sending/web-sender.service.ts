import { randomUUID } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import type { ApiEnv } from '@chat/config';
import { type BareJid, type ChatState, outboundActivityId, type OutboundStanza, TurnsByKey, webStanzaId } from '@chat/domain';
import { XmppOutboundQueue } from '@chat/queues';
import type { WebSendReceipt } from '@chat/web-protocol';
import { ConversationAccess, type ChatTarget } from '../access/conversation-access';
import { RateLimits } from '../limits/rate-limits';
import { RequestRefused } from '../requests/request-refused';

/**
 * What web users say, checked and queued for the gateway, which sends it into XMPP on their behalf. Sending is
 * idempotent per client key: the same `clientMessageId` twice is one message.
 *
 * A user's requests are queued in the order they arrived, even when they come without waiting for each other's
 * acknowledgement: each takes its place in the sender's line at once, its checks run side by side with the
 * others', and it is queued only after every earlier request of that sender was queued or refused.
 */
@Injectable()
export class WebSender {
  private readonly maxBody: number;
  private readonly order = new TurnsByKey();

  constructor(
    private readonly access: ConversationAccess,
    private readonly outbound: XmppOutboundQueue,
    private readonly limits: RateLimits,
    config: ConfigService<ApiEnv, true>,
  ) {
    this.maxBody = config.get('MAX_BODY_LENGTH', { infer: true });
  }

  send(user: BareJid, request: { to: string; body: string; clientMessageId?: string }): Promise<WebSendReceipt> {
    return this.inOrder(user, async () => {
      this.checkBody(request.body);
      await this.limits.consume('send', user);
      const target = await this.access.target(user, request.to);
      return { target, stanza: { kind: 'message', ...this.address(user, target), stanzaId: this.stanzaId(user, request.clientMessageId), body: request.body } };
    });
  }

  correct(user: BareJid, request: { messageId: string; body: string; clientMessageId?: string }): Promise<WebSendReceipt> {
    return this.inOrder(user, async () => {
      this.checkBody(request.body);
      await this.limits.consume('send', user);
      const { message, target } = await this.access.ownMessage(user, request.messageId);
      const replaces = message.aliases[0] ?? message.id;
      return { target, stanza: { kind: 'correction', ...this.address(user, target), stanzaId: this.stanzaId(user, request.clientMessageId), replaces, body: request.body } };
    });
  }

  retract(user: BareJid, request: { messageId: string; clientMessageId?: string }): Promise<WebSendReceipt> {
    return this.inOrder(user, async () => {
      await this.limits.consume('send', user);
      const { message, target } = await this.access.ownMessage(user, request.messageId);
      const retracts = message.aliases[0] ?? message.id;
      return { target, stanza: { kind: 'retraction', ...this.address(user, target), stanzaId: this.stanzaId(user, request.clientMessageId), retracts } };
    });
  }

  /** Typing notices: live only, never archived. */
  async chatState(user: BareJid, request: { conversationId: string; state: ChatState }): Promise<{ sent: true }> {
    await this.inOrder(user, async () => {
      await this.limits.consume('send', user);
      const target = await this.access.conversation(user, request.conversationId);
      return { target, stanza: { kind: 'chat-state', ...this.address(user, target), stanzaId: this.stanzaId(user, undefined), state: request.state } };
    });
    return { sent: true };
  }

  /**
   * Read up to this message: a displayed marker (XEP-0333) goes to the author's clients, and the mirror moves this
   * user's read marker when it comes through, so desktop and web agree.
   */
  async markRead(user: BareJid, request: { conversationId: string; messageId: string }): Promise<{ conversationId: string; messageId: string; status: 'queued' }> {
    let read: { conversationId: string; id: string } | undefined;
    await this.inOrder(user, async () => {
      await this.limits.consume('send', user);
      const { message, target } = await this.access.message(user, request.messageId);
      if (message.conversationId !== request.conversationId) throw new RequestRefused('bad-request', 'messageId: not a message of this conversation');
      read = { conversationId: message.conversationId, id: message.id };
      const stanzaId = webStanzaId(user, `displayed:${message.id}`);
      return { target, stanza: { kind: 'displayed', ...this.address(user, target), stanzaId, of: message.aliases[0] ?? message.id }, jobId: `displayed_${stanzaId}` };
    });
    return { conversationId: read!.conversationId, messageId: read!.id, status: 'queued' };
  }

  /**
   * Checks (side by side with the sender's other requests), then queues in the sender's order: a request refused
   * gives its place up to the next at once.
   */
  private async inOrder(user: BareJid, check: () => Promise<{ target: ChatTarget; stanza: OutboundStanza; jobId?: string }>): Promise<WebSendReceipt> {
    const turn = this.order.reserve(user);
    try {
      const { target, stanza, jobId } = await check();
      const id = outboundActivityId(stanza);
      await turn.ready;
      await this.outbound.enqueue(stanza, jobId ?? id);
      return { id: id ?? jobId ?? '', conversationId: target.conversation.id, status: 'queued' };
    } finally {
      turn.release();
    }
  }

  private address(user: BareJid, target: ChatTarget) {
    return { from: user, to: target.to, conversationKind: target.conversation.kind };
  }

  private stanzaId(user: BareJid, clientKey: string | undefined): string {
    return webStanzaId(user, clientKey ?? randomUUID());
  }

  private checkBody(body: string): void {
    if (body.length > this.maxBody) throw new RequestRefused('too-large', `body: at most ${this.maxBody} characters (got ${body.length})`);
    if (body.trim() === '') throw new RequestRefused('bad-request', 'body: must not be blank');
  }
}
