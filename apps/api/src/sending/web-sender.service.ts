import { randomUUID } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import type { ApiEnv } from '@chat/config';
import { type BareJid, type ChatState, outboundActivityId, type OutboundStanza, webStanzaId } from '@chat/domain';
import { XmppOutboundQueue } from '@chat/queues';
import type { WebSendReceipt } from '@chat/realtime';
import { ConversationAccess, type ChatTarget } from '../conversations/conversation-access';
import { RateLimits } from '../limits/rate-limits';
import { RequestRefused } from '../requests/request-refused';

/**
 * What web users say, checked and queued for the gateway, which sends it into XMPP on their behalf. Sending is
 * idempotent per client key: the same `clientMessageId` twice is one message.
 */
@Injectable()
export class WebSender {
  private readonly maxBody: number;

  constructor(
    private readonly access: ConversationAccess,
    private readonly outbound: XmppOutboundQueue,
    private readonly limits: RateLimits,
    config: ConfigService<ApiEnv, true>,
  ) {
    this.maxBody = config.get('MAX_BODY_LENGTH', { infer: true });
  }

  async send(user: BareJid, request: { to: string; body: string; clientMessageId?: string }): Promise<WebSendReceipt> {
    this.checkBody(request.body);
    await this.limits.consume('send', user);
    const target = await this.access.target(user, request.to);
    return this.enqueue(target, { kind: 'message', ...this.address(user, target), stanzaId: this.stanzaId(user, request.clientMessageId), body: request.body });
  }

  async correct(user: BareJid, request: { messageId: string; body: string; clientMessageId?: string }): Promise<WebSendReceipt> {
    this.checkBody(request.body);
    await this.limits.consume('send', user);
    const { message, target } = await this.access.ownMessage(user, request.messageId);
    const replaces = message.aliases[0] ?? message.id;
    return this.enqueue(target, { kind: 'correction', ...this.address(user, target), stanzaId: this.stanzaId(user, request.clientMessageId), replaces, body: request.body });
  }

  async retract(user: BareJid, request: { messageId: string; clientMessageId?: string }): Promise<WebSendReceipt> {
    await this.limits.consume('send', user);
    const { message, target } = await this.access.ownMessage(user, request.messageId);
    const retracts = message.aliases[0] ?? message.id;
    return this.enqueue(target, { kind: 'retraction', ...this.address(user, target), stanzaId: this.stanzaId(user, request.clientMessageId), retracts });
  }

  /** Typing notices: live only, never archived. */
  async chatState(user: BareJid, request: { conversationId: string; state: ChatState }): Promise<{ sent: true }> {
    await this.limits.consume('send', user);
    const target = await this.access.conversation(user, request.conversationId);
    await this.outbound.enqueue({ kind: 'chat-state', ...this.address(user, target), state: request.state });
    return { sent: true };
  }

  /**
   * Read up to this message: a displayed marker (XEP-0333) goes to the author's clients, and the mirror moves this
   * user's read marker when it comes through, so desktop and web agree.
   */
  async markRead(user: BareJid, request: { conversationId: string; messageId: string }): Promise<{ conversationId: string; messageId: string; status: 'queued' }> {
    await this.limits.consume('send', user);
    const { message, target } = await this.access.message(user, request.messageId);
    if (message.conversationId !== request.conversationId) throw new RequestRefused('bad-request', 'messageId: not a message of this conversation');
    const stanzaId = webStanzaId(user, `displayed:${message.id}`);
    await this.outbound.enqueue({ kind: 'displayed', ...this.address(user, target), stanzaId, of: message.aliases[0] ?? message.id }, `displayed_${stanzaId}`);
    return { conversationId: message.conversationId, messageId: message.id, status: 'queued' };
  }

  private async enqueue(target: ChatTarget, stanza: OutboundStanza): Promise<WebSendReceipt> {
    const id = outboundActivityId(stanza)!;
    await this.outbound.enqueue(stanza, id);
    return { id, conversationId: target.conversation.id, status: 'queued' };
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
