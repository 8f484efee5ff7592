import type { ChatStateEvent, MessageEvent } from '../client/protocol';

// Senders repeat "composing" while they type (every 8 s from this widget); one not repeated has gone stale.
const EXPIRES_MS = 12_000;

/**
 * Who is typing in which conversation, for the list and the open conversation. A notice ends with "paused" or
 * another state, with a message or a correction from the same person, or when it is not repeated. Delivery runs
 * several jobs at once, so a notice can arrive after the message it announced: one older than the sender's last
 * message is ignored.
 */
export class TypingNotices {
  private readonly timers = new Map<string, ReturnType<typeof setTimeout>>();
  private readonly lastSaid = new Map<string, string>();

  constructor(
    private readonly changed: (conversationId: string) => void,
    private readonly expiresMs = EXPIRES_MS,
  ) {}

  who(conversationId: string | undefined): string[] {
    const prefix = `${conversationId}\n`;
    return [...this.timers.keys()].filter((key) => key.startsWith(prefix)).map((key) => key.slice(prefix.length));
  }

  onChatState(event: ChatStateEvent): void {
    const key = `${event.conversationId}\n${event.from}`;
    if (event.state !== 'composing') return this.stop(key, event.conversationId);
    // Deliveries may overtake each other: a notice older than the author's last message is stale.
    const position = event.position;
    if (position && position < (this.lastSaid.get(key) ?? '')) return;
    const known = this.timers.has(key);
    clearTimeout(this.timers.get(key));
    this.timers.set(
      key,
      setTimeout(() => this.stop(key, event.conversationId), this.expiresMs),
    );
    if (!known) this.changed(event.conversationId);
  }

  /** A message or a correction (typed text too) ends its author's notice; a retraction says nothing of typing. */
  onMessage(event: MessageEvent): void {
    if (event.retract) return;
    const key = `${event.conversationId}\n${event.from}`;
    if (event.position > (this.lastSaid.get(key) ?? '')) this.lastSaid.set(key, event.position);
    this.stop(key, event.conversationId);
  }

  private stop(key: string, conversationId: string): void {
    if (!this.timers.has(key)) return;
    clearTimeout(this.timers.get(key));
    this.timers.delete(key);
    this.changed(conversationId);
  }
}
