import { h, replaceChildren } from '../dom';
import type { Strings } from '../i18n';
import type { ChatMessage } from './chat-message';
import type { ConversationTimeline, PageDirection } from './conversation-timeline';
import { LogFocus } from './log-focus';
import { renderMessageItem } from './message-item';

/**
 * How a render keeps the scroll position: `bottom` follows the newest message; `prepended` keeps what is on screen
 * in place while older messages are added above it; `anchor` stays where the person is (at the bottom if they were
 * there); `none` leaves scrolling to the caller.
 */
export type RenderKeep = 'bottom' | 'prepended' | 'anchor' | 'none';

export interface MessageLogHooks {
  strings(): Strings;
  language(): string;
  me(): string;
  name(jid: string): string;
  loadPage(direction: PageDirection): void;
  edit(message: ChatMessage): void;
  retract(message: ChatMessage): void;
  retry(message: ChatMessage): void;
}

const NEAR_BOTTOM_PX = 80;

/**
 * The timeline on screen: messages as `<li>` items in a `role=log` list, with the buttons (and the automatic
 * loading, near an edge) of the pages on either side, the note at the start of the conversation, each message's
 * status (sending, sent, read by), and the confirmation of a deletion. One message is reachable with Tab (LogFocus).
 */
export class MessageLog {
  readonly element: HTMLElement;
  private readonly list: HTMLOListElement;
  private readonly older: HTMLButtonElement;
  private readonly newer: HTMLButtonElement;
  private readonly note: HTMLElement;
  private readonly focus: LogFocus;
  private readonly observer: IntersectionObserver;
  /** The message a search opened the conversation at. */
  private targetId: string | undefined;
  /** The message whose deletion is being confirmed. */
  confirmingId: string | undefined;

  constructor(
    private readonly timeline: ConversationTimeline,
    private readonly hooks: MessageLogHooks,
  ) {
    this.older = h('button', { type: 'button', class: 'link older', hidden: true });
    this.older.addEventListener('click', () => hooks.loadPage('older'));
    this.newer = h('button', { type: 'button', class: 'link newer', hidden: true });
    this.newer.addEventListener('click', () => hooks.loadPage('newer'));
    this.note = h('p', { class: 'note' });
    this.list = h('ol', { class: 'messages' });
    // The log is re-rendered as a whole; screen readers hear new messages from the announcer instead.
    this.element = h('div', { class: 'log', role: 'log', 'aria-live': 'off' }, this.older, this.note, this.list, this.newer);
    this.observer = new IntersectionObserver((entries) => this.edgeVisible(entries), { root: this.element, rootMargin: '150px 0px' });
    this.observer.observe(this.older);
    this.observer.observe(this.newer);
    this.focus = new LogFocus(this.list, this.element, { messages: () => this.timeline.messages, beforeFirst: () => hooks.loadPage('older') });
  }

  /** A conversation opened: no message active, targeted or being deleted. */
  reset(): void {
    this.focus.activeId = this.targetId = this.confirmingId = undefined;
  }

  relabel(text: Strings, name: string | undefined): void {
    this.older.textContent = text.loadOlder;
    this.newer.textContent = text.loadNewer;
    if (name !== undefined) this.element.setAttribute('aria-label', text.messagesWith(name));
  }

  busy(on: boolean): void {
    if (on) this.element.setAttribute('aria-busy', 'true');
    else this.element.removeAttribute('aria-busy');
  }

  /** Shows the conversation around this message (a search result), centred and focused. */
  showTarget(messageId: string): void {
    this.targetId = this.focus.activeId = messageId;
    this.render('none');
    const target = this.focus.item(messageId);
    target?.scrollIntoView({ block: 'center' });
    target?.focus({ preventScroll: true });
  }

  /** A new message arrived: focus moves on to it when it was on the one that was newest before (or nowhere). */
  followNewest(messageId: string): void {
    const messages = this.timeline.messages;
    if (this.focus.activeId === undefined || this.focus.activeId === messages[messages.length - 2]?.messageId) this.focus.activeId = messageId;
  }

  activate(messageId: string): void {
    this.focus.activeId = messageId;
  }

  /** Renders the log again, keeping the scroll position as `keep` says. */
  render(keep: RenderKeep): void {
    const text = this.hooks.strings();
    const language = this.hooks.language();
    const me = this.hooks.me();
    const focus = this.focus.within();
    const log = this.element;
    const height = log.scrollHeight;
    const top = log.scrollTop;
    const atBottom = this.nearBottom();
    const messages = this.timeline.messages;
    const ownDelivered = messages.filter((m) => m.from === me && !m.local && !m.retracted);
    const newestOwn = ownDelivered[ownDelivered.length - 1];
    if (!this.focus.activeId || !messages.some((m) => m.messageId === this.focus.activeId)) this.focus.activeId = messages[messages.length - 1]?.messageId;
    const items = messages.map((message) =>
      renderMessageItem(
        message,
        {
          strings: text,
          language,
          own: message.from === me,
          author: this.hooks.name(message.from),
          status: this.status(message, message === newestOwn, text),
          active: message.messageId === this.focus.activeId,
          target: message.messageId === this.targetId,
          confirmingDelete: message.messageId === this.confirmingId,
        },
        {
          edit: (m) => this.hooks.edit(m),
          askDelete: (m) => {
            this.confirmingId = this.focus.activeId = m.messageId;
            this.render('anchor');
            this.focus.item(m.messageId)?.querySelector<HTMLButtonElement>('.confirm .danger')?.focus();
          },
          confirmDelete: (m) => {
            this.confirmingId = undefined;
            this.hooks.retract(m);
            this.focus.item(m.messageId)?.focus();
          },
          cancelDelete: (m) => {
            this.confirmingId = undefined;
            this.render('anchor');
            this.focus.item(m.messageId)?.focus();
          },
          retry: (m) => this.hooks.retry(m),
        },
      ),
    );
    replaceChildren(this.list, ...items);
    this.renderNote();
    this.updateEdges();
    // Scroll anchoring is off on the log (overflow-anchor: none): the position is decided here.
    if (keep === 'bottom' || (keep === 'anchor' && atBottom)) log.scrollTop = log.scrollHeight;
    else if (keep === 'prepended') log.scrollTop = top + (log.scrollHeight - height);
    else if (keep === 'anchor') log.scrollTop = top;
    if (focus) this.focus.restore(focus);
  }

  renderNote(): void {
    const text = this.hooks.strings();
    const timeline = this.timeline;
    this.note.textContent = timeline.loading || timeline.before ? '' : timeline.messages.length ? text.startOfConversation : text.noMessages;
  }

  updateEdges(): void {
    const timeline = this.timeline;
    this.older.hidden = !timeline.before;
    this.older.disabled = timeline.loading;
    this.newer.hidden = !timeline.after;
    this.newer.disabled = timeline.loading;
  }

  nearBottom(): boolean {
    const log = this.element;
    return log.scrollHeight - log.scrollTop - log.clientHeight < NEAR_BOTTOM_PX;
  }

  private status(message: ChatMessage, newestOwn: boolean, text: Strings): string | undefined {
    const local = message.local;
    if (local?.state === 'failed') return text.notSent(local.failure ?? '');
    if (local?.state === 'sending' || local?.state === 'changing') return text.sending;
    if (local?.state === 'sent') return text.sent;
    if (!newestOwn) return undefined;
    const conversation = this.timeline.conversation!;
    const readers = this.timeline.readers;
    if (conversation.kind === 'direct') return (readers.get(conversation.with) ?? '') >= message.position ? text.read : text.sent;
    const readBy = [...readers].filter(([, position]) => position >= message.position).map(([reader]) => this.hooks.name(reader));
    return readBy.length ? text.readBy(readBy) : text.sent;
  }

  /** Scrolled near the top or the bottom edge: the next page loads by itself. */
  private edgeVisible(entries: IntersectionObserverEntry[]): void {
    for (const entry of entries) {
      if (!entry.isIntersecting || this.timeline.loading) continue;
      if (entry.target === this.older && this.timeline.before) this.hooks.loadPage('older');
      if (entry.target === this.newer && this.timeline.after) this.hooks.loadPage('newer');
    }
  }
}
