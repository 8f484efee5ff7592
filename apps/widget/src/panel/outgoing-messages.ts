import type { ChatSession } from '../client/chat-session';
import type { WebRequest } from '../client/protocol';
import { type ChatMessage, UNSENT_POSITION } from './chat-message';
import type { ConversationTimeline } from './conversation-timeline';
import type { RenderKeep } from './message-log';

export interface OutgoingHooks {
  session(): ChatSession | undefined;
  me(): string;
  render(keep: RenderKeep): void;
  /** Back to the newest messages (the person was scrolled back in time). */
  openNewest(): Promise<void>;
  /** The message the log's focus moves to. */
  activate(messageId: string): void;
}

let unsentCounter = 0;

/**
 * What the person sends, shown at once (optimistically) and settled by the acknowledgement: a new message is
 * `sending`, then `sent` with the id the server gave it (or `failed`, with a retry), until its own event replaces
 * it; a correction or a deletion is under way until its event comes back.
 */
export class OutgoingMessages {
  constructor(
    private readonly timeline: ConversationTimeline,
    private readonly hooks: OutgoingHooks,
  ) {}

  async send(body: string): Promise<void> {
    const clientMessageId = `w-${Date.now().toString(36)}-${(++unsentCounter).toString(36).padStart(4, '0')}-${randomPart()}`;
    const message: ChatMessage = {
      messageId: `local:${clientMessageId}`,
      from: this.hooks.me(),
      body,
      stamp: new Date().toISOString(),
      position: `${UNSENT_POSITION}${Date.now().toString(36)}${unsentCounter.toString(36).padStart(4, '0')}`,
      edited: false,
      retracted: false,
      local: { state: 'sending', clientMessageId },
    };
    if (this.timeline.after) await this.hooks.openNewest();
    this.timeline.messages.push(message);
    this.hooks.activate(message.messageId);
    this.hooks.render('bottom');
    await this.deliver(message);
  }

  /** Sends a message written here (again, after a failure), under the same client id: never twice. */
  async deliver(message: ChatMessage): Promise<void> {
    const timeline = this.timeline;
    const conversation = timeline.conversation;
    const session = this.hooks.session();
    if (!conversation || !session || !message.local?.clientMessageId) return;
    message.local = { state: 'sending', clientMessageId: message.local.clientMessageId };
    this.hooks.render('anchor');
    try {
      const receipt = await session.request('send-message', { to: conversation.with, body: message.body, clientMessageId: message.local.clientMessageId });
      if (timeline.messages.some((m) => m.messageId === receipt.id)) timeline.messages = timeline.messages.filter((m) => m !== message);
      else message.local = { ...message.local, state: 'sent', receiptId: receipt.id };
    } catch (error) {
      message.local = { ...message.local, state: 'failed', failure: (error as Error).message };
    }
    if (timeline.conversation === conversation) this.hooks.render('anchor');
  }

  /** A correction or a deletion: shown as under way until its event comes back. */
  async change<N extends 'correct-message' | 'retract-message'>(message: ChatMessage, request: N, body: WebRequest<N>): Promise<void> {
    const session = this.hooks.session();
    if (!session) return;
    message.local = { state: 'changing' };
    this.hooks.render('anchor');
    try {
      await session.request(request, body);
    } catch (error) {
      message.local = { state: 'failed', failure: (error as Error).message };
      this.hooks.render('anchor');
    }
  }
}

function randomPart(): string {
  const bytes = new Uint8Array(6);
  crypto.getRandomValues(bytes);
  return [...bytes].map((b) => b.toString(16).padStart(2, '0')).join('');
}
