import type { ChatSession } from '../client/chat-session';
import type { HistoryMessage, HistoryPage, MessageEvent, ReadEvent } from '../client/protocol';
import type { ConversationKind } from './addresses';
import { type ChatMessage, fromHistory } from './chat-message';

export interface OpenConversation {
  id: string;
  kind: ConversationKind;
  with: string;
}

export type PageDirection = 'older' | 'newer';

const PAGE = 30;
const CONTEXT = 15;

/** Each direction's cursor: a page is asked for by it, and answers the next one under the same name. */
const CURSOR = { older: 'before', newer: 'after' } as const satisfies Record<PageDirection, 'before' | 'after'>;

/**
 * The open conversation's messages, oldest first, loaded a page at a time in either direction, with the cursors of
 * the pages on either side and how far the others have read. Each start (another conversation, or the same one
 * again) is a new generation: pages that arrive for an earlier one are dropped.
 */
export class ConversationTimeline {
  conversation: OpenConversation | undefined;
  messages: ChatMessage[] = [];
  /** Cursor of the older page, when there is one. */
  before: string | undefined;
  /** Cursor of the newer page: set while scrolled back in time (after a search), the newest messages not loaded. */
  after: string | undefined;
  loading = false;
  /** Each reader's read position, the others only. */
  readonly readers = new Map<string, string>();
  private generation = 0;

  constructor(private readonly source: { session(): ChatSession | undefined; me(): string }) {}

  /** Starts over on this conversation, empty and loading; `switching` when it is another one. */
  start(conversation: OpenConversation): { generation: number; switching: boolean } {
    const generation = ++this.generation;
    const switching = this.conversation?.id !== conversation.id;
    this.conversation = conversation;
    this.messages = [];
    this.before = this.after = undefined;
    if (switching) this.readers.clear();
    this.loading = true;
    return { generation, switching };
  }

  stop(): void {
    this.generation++;
    this.conversation = undefined;
  }

  isCurrent(generation: number): boolean {
    return generation === this.generation;
  }

  /** The first load of a start is over; false when a later start took over meanwhile. */
  settle(generation: number): boolean {
    if (generation !== this.generation) return false;
    this.loading = false;
    return true;
  }

  /** The newest page; false when a later start took over meanwhile. */
  async loadNewest(generation: number): Promise<boolean> {
    const page = await this.history({ limit: PAGE });
    if (generation !== this.generation) return false;
    this.merge(page.messages.map(fromHistory));
    this.before = page.before;
    return true;
  }

  /** A message (a search result) with some context on either side; false when a later start took over meanwhile. */
  async loadAround(generation: number, around: HistoryMessage): Promise<boolean> {
    const [older, newer] = await Promise.all([this.history({ before: around.position, limit: CONTEXT }), this.history({ after: around.position, limit: CONTEXT })]);
    if (generation !== this.generation) return false;
    this.merge([...older.messages, around, ...newer.messages].map(fromHistory));
    this.before = older.before;
    this.after = newer.after;
    return true;
  }

  /** There is a page in that direction, and nothing is loading. */
  canLoad(direction: PageDirection): boolean {
    return !!this[CURSOR[direction]] && !this.loading;
  }

  /**
   * The next page in that direction, merged in; `merged` runs once it is, while still loading (nothing when the
   * conversation changed meanwhile). A failure rejects.
   */
  async loadPage(direction: PageDirection, merged: () => void): Promise<void> {
    const cursor = CURSOR[direction];
    const from = this[cursor];
    if (!from || this.loading) return;
    const generation = this.generation;
    this.loading = true;
    try {
      const page = await this.history({ [cursor]: from, limit: PAGE });
      if (generation !== this.generation) return;
      this.merge(page.messages.map(fromHistory));
      this[cursor] = page[cursor];
      merged();
    } finally {
      if (generation === this.generation) this.loading = false;
    }
  }

  find(messageId: string): ChatMessage | undefined {
    return this.messages.find((m) => m.messageId === messageId);
  }

  /** Adds what is not there yet, in the server's order (messages not yet acknowledged last). */
  merge(incoming: ChatMessage[]): void {
    const byId = new Map(this.messages.map((m) => [m.messageId, m]));
    for (const message of incoming) if (!byId.has(message.messageId)) byId.set(message.messageId, message);
    this.messages = [...byId.values()].sort((a, b) => (a.position < b.position ? -1 : a.position > b.position ? 1 : 0));
  }

  /** A correction or a retraction of a message shown (`known`), as its event says. */
  applyEdit(known: ChatMessage, event: MessageEvent): void {
    if (event.retract) Object.assign(known, { retracted: true, body: '', local: undefined });
    else Object.assign(known, { body: event.body, edited: true, local: undefined });
  }

  /** A read marker of someone else; false when it moves nothing. */
  applyRead(event: ReadEvent): boolean {
    const previous = this.readers.get(event.reader);
    if (previous && previous >= event.position) return false;
    this.readers.set(event.reader, event.position);
    return true;
  }

  private async history(request: { before?: string; after?: string; limit: number }): Promise<HistoryPage> {
    const session = this.source.session();
    if (!session || !this.conversation) throw new Error('not connected');
    const conversationId = this.conversation.id;
    const page = await session.request('history', { conversationId, ...request });
    // How far the others have read when the page loads; live `read` events move it on from there.
    if (this.conversation?.id === conversationId) {
      for (const marker of page.readers ?? []) {
        if (marker.reader !== this.source.me() && (this.readers.get(marker.reader) ?? '') < marker.position) this.readers.set(marker.reader, marker.position);
      }
    }
    return page;
  }
}
