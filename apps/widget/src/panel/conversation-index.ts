import type { ConversationSummary, MessageEvent } from '../client/protocol';
import { conversationTarget } from './addresses';

export interface ConversationEntry extends ConversationSummary {
  lastRetracted?: boolean;
  /** When it was opened here without being on the server's list yet (a first message to someone). */
  openedAt?: string;
}

const EXCERPT_LENGTH = 140;

/** The conversation list's state: the server's list, kept current by live events between reloads. */
export class ConversationIndex {
  private readonly entries = new Map<string, ConversationEntry>();
  next: string | undefined;

  clear(): void {
    this.entries.clear();
    this.next = undefined;
  }

  get(id: string): ConversationEntry | undefined {
    return this.entries.get(id);
  }

  /**
   * A fresh list from the server; conversations only opened here so far stay, and so does what live events told
   * about a conversation the server's list has not caught up with yet (it is updated after delivery).
   */
  replace(list: ConversationSummary[], next: string | undefined): void {
    const previous = new Map(this.entries);
    this.entries.clear();
    for (const entry of previous.values()) if (entry.openedAt && !list.some((c) => c.id === entry.id)) this.entries.set(entry.id, entry);
    this.add(
      list.map((summary) => {
        const known = previous.get(summary.id);
        const behind = known?.lastMessage && (!summary.lastMessage || summary.lastMessage.position < known.lastMessage.position);
        return behind ? { ...summary, lastMessage: known.lastMessage, lastActivityAt: known.lastActivityAt, unread: known.unread, lastRetracted: known.lastRetracted } : summary;
      }),
      next,
    );
  }

  add(list: Array<ConversationSummary & { lastRetracted?: boolean }>, next: string | undefined): void {
    for (const summary of list) this.entries.set(summary.id, { ...summary });
    this.next = next;
  }

  /** The entry of a conversation, created when it is new here. */
  ensure(id: string, me: string): ConversationEntry {
    let entry = this.entries.get(id);
    if (!entry) {
      const target = conversationTarget(id, me);
      entry = { id, kind: target.kind, with: target.with, unread: 0, openedAt: new Date().toISOString() };
      this.entries.set(id, entry);
    }
    return entry;
  }

  /** Most recent first; those just opened here come first. */
  sorted(): ConversationEntry[] {
    const key = (e: ConversationEntry) => e.lastMessage?.stamp ?? e.lastActivityAt ?? e.openedAt ?? '';
    return [...this.entries.values()].sort((a, b) => (key(a) < key(b) ? 1 : key(a) > key(b) ? -1 : 0));
  }

  /** A newer last message than the list knew, read from the conversation's history. */
  onNewest(conversationId: string, message: { messageId: string; from: string; body: string; stamp: string; position: string; retracted: boolean }): boolean {
    const entry = this.entries.get(conversationId);
    if (!entry || (entry.lastMessage && entry.lastMessage.position >= message.position)) return false;
    entry.lastMessage = { id: message.messageId, from: message.from, excerpt: excerptOf(message.body), stamp: message.stamp, position: message.position };
    entry.lastActivityAt = message.stamp;
    entry.lastRetracted = message.retracted;
    return true;
  }

  /**
   * A live message: the entry's last message and unread count follow it. `seen` says the person is looking at
   * that conversation right now, so it does not count as unread.
   */
  onMessage(event: MessageEvent, me: string, seen: boolean): ConversationEntry {
    const entry = this.ensure(event.conversationId, me);
    const isLast = entry.lastMessage?.id === event.messageId;
    if (event.retract) {
      if (isLast) entry.lastRetracted = true;
      return entry;
    }
    const excerpt = excerptOf(event.body);
    if (event.replace) {
      if (isLast && entry.lastMessage) entry.lastMessage = { ...entry.lastMessage, excerpt };
      return entry;
    }
    if (entry.lastMessage && entry.lastMessage.position > event.position) return entry;
    entry.lastMessage = { id: event.messageId, from: event.from, excerpt, stamp: event.stamp, position: event.position };
    entry.lastActivityAt = event.stamp;
    entry.lastRetracted = false;
    if (event.from !== me && !seen && !isLast) entry.unread += 1;
    return entry;
  }
}

function excerptOf(body: string): string {
  return body.length > EXCERPT_LENGTH ? `${body.slice(0, EXCERPT_LENGTH)}…` : body;
}
