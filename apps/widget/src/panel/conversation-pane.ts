import type { ChatSession } from '../client/chat-session';
import type { HistoryMessage, HistoryPage, MessageEvent, ReadEvent, SendFailedEvent, WebRequest } from '../client/protocol';
import { h, replaceChildren } from '../dom';
import type { Strings } from '../i18n';
import type { ConversationKind } from './addresses';
import { type ChatMessage, fromEvent, fromHistory, UNSENT_POSITION } from './chat-message';
import { Composer } from './composer';
import { renderMessageItem } from './message-item';

export interface OpenConversation {
  id: string;
  kind: ConversationKind;
  with: string;
}

export interface PaneHooks {
  session(): ChatSession | undefined;
  me(): string;
  name(jid: string): string;
  strings(): Strings;
  language(): string;
  back(): void;
  /** The newest message from someone else is on screen (to mark the conversation read). */
  seen(conversationId: string, message: ChatMessage): void;
  /** The newest message of the conversation, from its history (to correct a list that lags behind). */
  newest(conversationId: string, message: ChatMessage): void;
}

const PAGE = 30;
const CONTEXT = 15;
const NEAR_BOTTOM_PX = 80;

let unsentCounter = 0;

/**
 * One conversation: its history, loaded a page at a time as you scroll up (or down, after jumping to a search
 * result), live messages, corrections and deletions, typing, read state of your messages, and the send box.
 * Messages are `<li>` items in a `role=log` list; one of them is reachable with Tab, the arrow keys move between
 * them, and the edit and delete buttons of your own are reachable on the message that has focus.
 */
export class ConversationPane {
  readonly element: HTMLElement;
  private readonly back: HTMLButtonElement;
  private readonly title: HTMLElement;
  private readonly subtitle: HTMLElement;
  private readonly badge: HTMLElement & { session?: ChatSession };
  private readonly log: HTMLElement;
  private readonly list: HTMLOListElement;
  private readonly older: HTMLButtonElement;
  private readonly newer: HTMLButtonElement;
  private readonly note: HTMLElement;
  private readonly typingLine: HTMLElement;
  private readonly announcer: HTMLElement;
  private readonly errorLine: HTMLElement;
  private readonly composer: Composer;
  private readonly observer: IntersectionObserver;

  private conversation: OpenConversation | undefined;
  private messages: ChatMessage[] = [];
  private before: string | undefined;
  private after: string | undefined;
  private loading = false;
  private generation = 0;
  private readonly readers = new Map<string, string>();
  private typers: string[] = [];
  private activeId: string | undefined;
  private targetId: string | undefined;
  private confirmingId: string | undefined;

  constructor(private readonly hooks: PaneHooks) {
    this.back = h('button', { type: 'button', class: 'back' }, h('span', { 'aria-hidden': 'true' }, '←'));
    this.back.addEventListener('click', () => hooks.back());
    this.title = h('p', { class: 'title' });
    this.subtitle = h('span', { class: 'subtitle' });
    this.badge = h('chat-presence-badge', { compact: true }) as HTMLElement & { session?: ChatSession };
    this.older = h('button', { type: 'button', class: 'link older', hidden: true });
    this.older.addEventListener('click', () => void this.loadOlder());
    this.newer = h('button', { type: 'button', class: 'link newer', hidden: true });
    this.newer.addEventListener('click', () => void this.loadNewer());
    this.note = h('p', { class: 'note' });
    this.list = h('ol', { class: 'messages' });
    // The log is re-rendered as a whole; screen readers hear new messages from the announcer instead.
    this.log = h('div', { class: 'log', role: 'log', 'aria-live': 'off' }, this.older, this.note, this.list, this.newer);
    this.announcer = h('p', { class: 'visually-hidden', 'aria-live': 'polite' });
    this.typingLine = h('p', { class: 'typing-status', role: 'status' });
    this.errorLine = h('p', { class: 'error', role: 'alert' });
    this.composer = new Composer({
      send: (body) => void this.send(body),
      correct: (message, body) => void this.change(message, 'correct-message', { messageId: message.messageId, body }),
      typing: (state) => {
        const conversation = this.conversation;
        if (conversation) this.hooks.session()?.request('chat-state', { conversationId: conversation.id, state }).catch(() => undefined);
      },
    });
    const header = h('div', { class: 'pane-header' }, this.back, h('div', { class: 'heading' }, this.title, this.subtitle));
    this.element = h('section', { class: 'pane', hidden: true }, header, this.log, this.typingLine, this.errorLine, this.announcer, this.composer.element);
    this.observer = new IntersectionObserver((entries) => this.edgeVisible(entries), { root: this.log, rootMargin: '150px 0px' });
    this.observer.observe(this.older);
    this.observer.observe(this.newer);
    this.log.addEventListener('keydown', (event) => this.keydown(event));
    this.log.addEventListener('focusin', (event) => this.focused(event));
  }

  get openId(): string | undefined {
    return this.conversation?.id;
  }

  /** Opens a conversation at its newest messages, or around a message (a search result) and focuses it. */
  async open(conversation: OpenConversation, around?: HistoryMessage): Promise<void> {
    const generation = ++this.generation;
    const switching = this.conversation?.id !== conversation.id;
    this.conversation = conversation;
    this.messages = [];
    this.before = this.after = this.activeId = this.targetId = this.confirmingId = undefined;
    if (switching) {
      this.readers.clear();
      this.composer.reset();
    }
    this.element.hidden = false;
    this.loading = true;
    this.log.setAttribute('aria-busy', 'true');
    this.errorLine.textContent = '';
    this.relabel();
    try {
      if (around) {
        const [older, newer] = await Promise.all([
          this.history({ before: around.position, limit: CONTEXT }),
          this.history({ after: around.position, limit: CONTEXT }),
        ]);
        if (generation !== this.generation) return;
        this.merge([...older.messages, around, ...newer.messages].map(fromHistory));
        this.before = older.before;
        this.after = newer.after;
        this.targetId = this.activeId = around.id;
        this.renderMessages('none');
        const target = this.item(around.id);
        target?.scrollIntoView({ block: 'center' });
        target?.focus({ preventScroll: true });
      } else {
        const page = await this.history({ limit: PAGE });
        if (generation !== this.generation) return;
        this.merge(page.messages.map(fromHistory));
        this.before = page.before;
        this.renderMessages('bottom');
        const newest = this.messages[this.messages.length - 1];
        if (newest) this.hooks.newest(conversation.id, newest);
        this.reportSeen();
      }
    } catch (error) {
      if (generation === this.generation) this.showError(error);
    } finally {
      if (generation === this.generation) {
        this.loading = false;
        this.log.removeAttribute('aria-busy');
        this.renderNote();
        this.updateEdges();
      }
    }
  }

  /** After a reconnection that could not replay what was missed: the newest messages again. */
  reload(): void {
    if (this.conversation && !this.after) void this.open(this.conversation);
  }

  close(): void {
    this.generation++;
    this.conversation = undefined;
    this.element.hidden = true;
  }

  focusComposer(): void {
    this.composer.focus();
  }

  /** Texts in the element's language (after a language change, or on open). */
  relabel(): void {
    const text = this.hooks.strings();
    const conversation = this.conversation;
    this.back.setAttribute('aria-label', text.back);
    this.back.title = text.back;
    this.older.textContent = text.loadOlder;
    this.newer.textContent = text.loadNewer;
    if (!conversation) return;
    const name = this.hooks.name(conversation.with);
    this.title.textContent = name;
    this.log.setAttribute('aria-label', text.messagesWith(name));
    if (conversation.kind === 'direct') {
      this.badge.setAttribute('jid', conversation.with);
      this.badge.session = this.hooks.session();
      this.subtitle.replaceChildren(this.badge);
    } else {
      this.badge.remove();
      this.subtitle.textContent = `${text.room} · ${conversation.with}`;
    }
    this.composer.relabel(text, name);
    this.renderTyping();
    this.renderMessages('anchor');
  }

  onMessage(event: MessageEvent): void {
    if (event.conversationId !== this.conversation?.id) return;
    const known = this.messages.find((m) => m.messageId === event.messageId);
    if (event.retract || event.replace) {
      if (!known) return;
      if (event.retract) Object.assign(known, { retracted: true, body: '', local: undefined });
      else Object.assign(known, { body: event.body, edited: true, local: undefined });
      if (this.confirmingId === known.messageId) this.confirmingId = undefined;
      return this.renderMessages('anchor');
    }
    // Scrolled back in time (after a search): the newest messages load when the person scrolls down again.
    if (this.after) return;
    const own = event.from === this.hooks.me();
    this.messages = this.messages.filter((m) => m.local?.receiptId !== event.messageId);
    if (!known) this.merge([fromEvent(event)]);
    const keep = own || this.nearBottom() ? 'bottom' : 'anchor';
    if (this.activeId === undefined || this.activeId === this.messages[this.messages.length - 2]?.messageId) this.activeId = event.messageId;
    this.renderMessages(keep);
    if (!own) {
      this.announcer.textContent = `${this.hooks.name(event.from)}: ${event.body}`;
      this.reportSeen();
    }
  }

  onRead(event: ReadEvent): void {
    if (event.conversationId !== this.conversation?.id || event.reader === this.hooks.me()) return;
    const previous = this.readers.get(event.reader);
    if (previous && previous >= event.position) return;
    this.readers.set(event.reader, event.position);
    this.renderMessages('anchor');
  }

  /** Who is typing in the open conversation now. */
  showTyping(jids: string[]): void {
    this.typers = jids;
    this.renderTyping();
  }

  onSendFailed(event: SendFailedEvent): void {
    const message = this.messages.find((m) => m.messageId === event.id || m.local?.receiptId === event.id);
    if (!message) return;
    message.local = { ...message.local, state: 'failed', failure: event.reason };
    this.renderMessages('anchor');
  }

  /** Reports the newest message from someone else, when the newest messages are what is on screen. */
  reportSeen(): void {
    const conversation = this.conversation;
    if (!conversation || this.after) return;
    const me = this.hooks.me();
    const newest = [...this.messages].reverse().find((m) => m.from !== me && !m.local);
    if (newest) this.hooks.seen(conversation.id, newest);
  }

  private async send(body: string): Promise<void> {
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
    if (this.after) await this.open(this.conversation!);
    this.messages.push(message);
    this.activeId = message.messageId;
    this.renderMessages('bottom');
    await this.deliver(message);
  }

  private async deliver(message: ChatMessage): Promise<void> {
    const conversation = this.conversation;
    const session = this.hooks.session();
    if (!conversation || !session || !message.local?.clientMessageId) return;
    message.local = { state: 'sending', clientMessageId: message.local.clientMessageId };
    this.renderMessages('anchor');
    try {
      const receipt = await session.request('send-message', { to: conversation.with, body: message.body, clientMessageId: message.local.clientMessageId });
      if (this.messages.some((m) => m.messageId === receipt.id)) this.messages = this.messages.filter((m) => m !== message);
      else message.local = { ...message.local, state: 'sent', receiptId: receipt.id };
    } catch (error) {
      message.local = { ...message.local, state: 'failed', failure: (error as Error).message };
    }
    if (this.conversation === conversation) this.renderMessages('anchor');
  }

  /** A correction or a deletion: shown as under way until its event comes back. */
  private async change<N extends 'correct-message' | 'retract-message'>(message: ChatMessage, request: N, body: WebRequest<N>): Promise<void> {
    const session = this.hooks.session();
    if (!session) return;
    message.local = { state: 'changing' };
    this.renderMessages('anchor');
    try {
      await session.request(request, body);
    } catch (error) {
      message.local = { state: 'failed', failure: (error as Error).message };
      this.renderMessages('anchor');
    }
  }

  private async history(request: { before?: string; after?: string; limit: number }): Promise<HistoryPage> {
    const session = this.hooks.session();
    if (!session || !this.conversation) throw new Error('not connected');
    const conversationId = this.conversation.id;
    const page = await session.request('history', { conversationId, ...request });
    // How far the others have read when the page loads; live `read` events move it on from there.
    if (this.conversation?.id === conversationId) {
      for (const marker of page.readers ?? []) {
        if (marker.reader !== this.hooks.me() && (this.readers.get(marker.reader) ?? '') < marker.position) this.readers.set(marker.reader, marker.position);
      }
    }
    return page;
  }

  private async loadOlder(): Promise<void> {
    if (!this.before || this.loading) return;
    const generation = this.generation;
    this.loading = true;
    try {
      const page = await this.history({ before: this.before, limit: PAGE });
      if (generation !== this.generation) return;
      this.merge(page.messages.map(fromHistory));
      this.before = page.before;
      this.renderMessages('prepended');
    } catch (error) {
      this.showError(error);
    } finally {
      if (generation === this.generation) this.loading = false;
      this.updateEdges();
    }
  }

  private async loadNewer(): Promise<void> {
    if (!this.after || this.loading) return;
    const generation = this.generation;
    this.loading = true;
    try {
      const page = await this.history({ after: this.after, limit: PAGE });
      if (generation !== this.generation) return;
      this.merge(page.messages.map(fromHistory));
      this.after = page.after;
      this.renderMessages('none');
      if (!this.after) this.reportSeen();
    } catch (error) {
      this.showError(error);
    } finally {
      if (generation === this.generation) this.loading = false;
      this.updateEdges();
    }
  }

  private merge(incoming: ChatMessage[]): void {
    const byId = new Map(this.messages.map((m) => [m.messageId, m]));
    for (const message of incoming) if (!byId.has(message.messageId)) byId.set(message.messageId, message);
    this.messages = [...byId.values()].sort((a, b) => (a.position < b.position ? -1 : a.position > b.position ? 1 : 0));
  }

  /**
   * Renders the log again. `bottom` follows the newest message; `prepended` keeps what is on screen in place while
   * older messages are added above it; `anchor` stays where the person is (at the bottom if they were there);
   * `none` leaves scrolling to the caller.
   */
  private renderMessages(keep: 'bottom' | 'prepended' | 'anchor' | 'none'): void {
    const text = this.hooks.strings();
    const language = this.hooks.language();
    const me = this.hooks.me();
    const focus = this.focusWithin();
    const height = this.log.scrollHeight;
    const top = this.log.scrollTop;
    const atBottom = this.nearBottom();
    const ownDelivered = this.messages.filter((m) => m.from === me && !m.local && !m.retracted);
    const newestOwn = ownDelivered[ownDelivered.length - 1];
    if (!this.activeId || !this.messages.some((m) => m.messageId === this.activeId)) this.activeId = this.messages[this.messages.length - 1]?.messageId;
    const items = this.messages.map((message) =>
      renderMessageItem(
        message,
        {
          strings: text,
          language,
          own: message.from === me,
          author: this.hooks.name(message.from),
          status: this.status(message, message === newestOwn, text),
          active: message.messageId === this.activeId,
          target: message.messageId === this.targetId,
          confirmingDelete: message.messageId === this.confirmingId,
        },
        {
          edit: (m) => this.composer.edit(m),
          askDelete: (m) => {
            this.confirmingId = this.activeId = m.messageId;
            this.renderMessages('anchor');
            this.item(m.messageId)?.querySelector<HTMLButtonElement>('.confirm .danger')?.focus();
          },
          confirmDelete: (m) => {
            this.confirmingId = undefined;
            void this.change(m, 'retract-message', { messageId: m.messageId });
            this.item(m.messageId)?.focus();
          },
          cancelDelete: (m) => {
            this.confirmingId = undefined;
            this.renderMessages('anchor');
            this.item(m.messageId)?.focus();
          },
          retry: (m) => void this.deliver(m),
        },
      ),
    );
    replaceChildren(this.list, ...items);
    this.renderNote();
    this.updateEdges();
    // Scroll anchoring is off on the log (overflow-anchor: none): the position is decided here.
    if (keep === 'bottom' || (keep === 'anchor' && atBottom)) this.log.scrollTop = this.log.scrollHeight;
    else if (keep === 'prepended') this.log.scrollTop = top + (this.log.scrollHeight - height);
    else if (keep === 'anchor') this.log.scrollTop = top;
    if (focus) this.restoreFocus(focus);
  }

  private renderNote(): void {
    const text = this.hooks.strings();
    this.note.textContent = this.loading || this.before ? '' : this.messages.length ? text.startOfConversation : text.noMessages;
  }

  private status(message: ChatMessage, newestOwn: boolean, text: Strings): string | undefined {
    const local = message.local;
    if (local?.state === 'failed') return text.notSent(local.failure ?? '');
    if (local?.state === 'sending' || local?.state === 'changing') return text.sending;
    if (local?.state === 'sent') return text.sent;
    if (!newestOwn) return undefined;
    const conversation = this.conversation!;
    if (conversation.kind === 'direct') return (this.readers.get(conversation.with) ?? '') >= message.position ? text.read : text.sent;
    const readers = [...this.readers].filter(([, position]) => position >= message.position).map(([reader]) => this.hooks.name(reader));
    return readers.length ? text.readBy(readers) : text.sent;
  }

  private renderTyping(): void {
    const names = this.typers.map((jid) => this.hooks.name(jid));
    this.typingLine.textContent = names.length ? this.hooks.strings().typing(names) : '';
  }

  private updateEdges(): void {
    this.older.hidden = !this.before;
    this.older.disabled = this.loading;
    this.newer.hidden = !this.after;
    this.newer.disabled = this.loading;
  }

  /** Scrolled near the top or the bottom edge: the next page loads by itself. */
  private edgeVisible(entries: IntersectionObserverEntry[]): void {
    for (const entry of entries) {
      if (!entry.isIntersecting || this.loading) continue;
      if (entry.target === this.older && this.before) void this.loadOlder();
      if (entry.target === this.newer && this.after) void this.loadNewer();
    }
  }

  private nearBottom(): boolean {
    return this.log.scrollHeight - this.log.scrollTop - this.log.clientHeight < NEAR_BOTTOM_PX;
  }

  private item(messageId: string): HTMLElement | undefined {
    return [...this.list.children].find((li) => (li as HTMLElement).dataset.messageId === messageId) as HTMLElement | undefined;
  }

  private keydown(event: KeyboardEvent): void {
    const current = event.target as HTMLElement;
    if (!current.matches('li.message')) return;
    const index = this.messages.findIndex((m) => m.messageId === current.dataset.messageId);
    const last = this.messages.length - 1;
    const next = { ArrowUp: index - 1, ArrowDown: index + 1, Home: 0, End: last }[event.key];
    if (next === undefined) return;
    event.preventDefault();
    if (next < 0) return void this.loadOlder();
    const message = this.messages[Math.min(next, last)];
    if (message) this.activate(message.messageId, true);
  }

  private focused(event: FocusEvent): void {
    const item = (event.target as HTMLElement).closest<HTMLElement>('li.message');
    if (item?.dataset.messageId && item.dataset.messageId !== this.activeId) this.activate(item.dataset.messageId, false);
  }

  /** Roving focus: only the active message (and its buttons) is in the Tab order. */
  private activate(messageId: string, focus: boolean): void {
    this.activeId = messageId;
    for (const li of this.list.children as HTMLCollectionOf<HTMLElement>) {
      const active = li.dataset.messageId === messageId;
      li.tabIndex = active ? 0 : -1;
      li.querySelectorAll('button').forEach((b) => (b.tabIndex = active ? 0 : -1));
      if (active && focus) li.focus();
    }
  }

  private focusWithin(): { messageId: string; button?: number } | undefined {
    const active = (this.element.getRootNode() as ShadowRoot).activeElement as HTMLElement | null;
    const li = active?.closest<HTMLElement>('li.message');
    if (!li || !this.list.contains(li)) return undefined;
    const buttons = [...li.querySelectorAll('button')];
    const button = buttons.indexOf(active as HTMLButtonElement);
    return { messageId: li.dataset.messageId!, button: button >= 0 ? button : undefined };
  }

  private restoreFocus(focus: { messageId: string; button?: number }): void {
    const li = this.item(focus.messageId);
    if (!li) return;
    const button = focus.button !== undefined ? li.querySelectorAll('button')[focus.button] : undefined;
    (button ?? li).focus({ preventScroll: true });
  }

  private showError(error: unknown): void {
    this.errorLine.textContent = this.hooks.strings().failed((error as Error).message);
  }
}

function randomPart(): string {
  const bytes = new Uint8Array(6);
  crypto.getRandomValues(bytes);
  return [...bytes].map((b) => b.toString(16).padStart(2, '0')).join('');
}
