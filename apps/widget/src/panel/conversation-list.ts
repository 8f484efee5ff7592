import type { ChatSession } from '../client/chat-session';
import { h } from '../dom';
import { formatStamp, type Strings } from '../i18n';
import type { ConversationEntry } from './conversation-index';

export interface ListView {
  strings: Strings;
  language: string;
  me: string;
  openId: string | undefined;
  session: ChatSession | undefined;
  name(jid: string): string;
  typing(conversationId: string): boolean;
}

interface Row {
  item: HTMLLIElement;
  button: HTMLButtonElement;
  badge: HTMLElement & { session?: ChatSession };
  name: HTMLElement;
  when: HTMLTimeElement;
  excerpt: HTMLElement;
  unread: HTMLElement;
}

/**
 * The conversations, most recent first: a name (with a presence badge for people), the last message or who is
 * typing, and the unread count. One row is in the Tab order; the arrow keys, Home and End move between rows.
 * Rows are kept and updated in place, so their badges keep their presence watch.
 */
export class ConversationList {
  readonly element: HTMLElement;
  private readonly list: HTMLUListElement;
  private readonly empty: HTMLElement;
  readonly more: HTMLButtonElement;
  private readonly rows = new Map<string, Row>();
  private readonly entries = new Map<string, ConversationEntry>();
  private focusId: string | undefined;

  constructor(private readonly onOpen: (entry: ConversationEntry) => void) {
    this.list = h('ul', { class: 'conversations', role: 'list' });
    this.empty = h('p', { class: 'note', hidden: true });
    this.more = h('button', { type: 'button', class: 'link', hidden: true });
    this.element = h('nav', { class: 'conversation-list' }, this.list, this.empty, this.more);
    this.list.addEventListener('keydown', (event) => this.keydown(event));
  }

  render(entries: ConversationEntry[], view: ListView, hasMore: boolean): void {
    const text = view.strings;
    this.element.setAttribute('aria-label', text.conversations);
    this.empty.textContent = text.noConversations;
    this.empty.hidden = entries.length > 0;
    this.more.textContent = text.moreConversations;
    this.more.hidden = !hasMore;
    const wanted = new Set(entries.map((e) => e.id));
    for (const [id, row] of this.rows) {
      if (!wanted.has(id)) {
        row.item.remove();
        this.rows.delete(id);
        this.entries.delete(id);
      }
    }
    if (!this.focusId || !wanted.has(this.focusId)) this.focusId = view.openId && wanted.has(view.openId) ? view.openId : entries[0]?.id;
    entries.forEach((entry, index) => {
      const row = this.rows.get(entry.id) ?? this.createRow(entry);
      this.update(row, entry, view);
      // Moved only when out of place: moving an element re-runs its badge's connection callbacks.
      if (this.list.children[index] !== row.item) this.list.insertBefore(row.item, this.list.children[index] ?? null);
    });
  }

  /** Focus on the row of this conversation (coming back from the conversation on a narrow screen). */
  focus(id: string | undefined): void {
    const row = (id && this.rows.get(id)) || this.rows.get(this.focusId ?? '');
    row?.button.focus();
  }

  private createRow(entry: ConversationEntry): Row {
    const badge = h('chat-presence-badge', { compact: true }) as Row['badge'];
    const name = h('span', { class: 'name' });
    const excerpt = h('span', { class: 'excerpt' });
    const unread = h('span', { class: 'unread' });
    const when = h('time', { class: 'when' });
    const button = h('button', { type: 'button', class: 'conversation' }, h('span', { class: 'line' }, badge, name, when), h('span', { class: 'line' }, excerpt, unread));
    button.addEventListener('click', () => {
      this.focusId = entry.id;
      const current = this.entries.get(entry.id);
      if (current) this.onOpen(current);
    });
    const row = { item: h('li', {}, button), button, badge, name, when, excerpt, unread };
    this.rows.set(entry.id, row);
    return row;
  }

  private update(row: Row, entry: ConversationEntry, view: ListView): void {
    const text = view.strings;
    this.entries.set(entry.id, entry);
    row.name.textContent = view.name(entry.with);
    if (entry.kind === 'direct') {
      row.badge.session = view.session;
      if (row.badge.getAttribute('jid') !== entry.with) row.badge.setAttribute('jid', entry.with);
      row.badge.hidden = false;
    } else {
      row.badge.hidden = true;
    }
    const typing = view.typing(entry.id);
    const last = entry.lastMessage;
    let excerpt = '';
    if (typing) excerpt = text.typingShort;
    else if (entry.lastRetracted) excerpt = text.deleted;
    else if (last) {
      const author = last.from === view.me ? '' : entry.kind === 'room' && last.from ? `${view.name(last.from)}: ` : '';
      excerpt = last.from === view.me ? text.fromYou(last.excerpt) : author + last.excerpt;
    } else if (entry.kind === 'room') excerpt = text.room;
    row.excerpt.textContent = excerpt;
    const stamp = last?.stamp ?? entry.lastActivityAt;
    row.when.textContent = stamp ? formatStamp(stamp, view.language) : '';
    if (stamp) row.when.dateTime = stamp;
    row.excerpt.classList.toggle('typing', typing);
    row.excerpt.dir = 'auto';
    row.unread.textContent = entry.unread > 0 ? String(entry.unread) : '';
    row.unread.hidden = entry.unread === 0;
    row.unread.setAttribute('aria-label', text.unread(entry.unread));
    row.unread.setAttribute('role', 'img');
    const open = entry.id === view.openId;
    row.button.classList.toggle('open', open);
    if (open) row.button.setAttribute('aria-current', 'true');
    else row.button.removeAttribute('aria-current');
    row.button.classList.toggle('has-unread', entry.unread > 0);
    row.button.tabIndex = entry.id === this.focusId ? 0 : -1;
    row.button.dataset.conversationId = entry.id;
  }

  private keydown(event: KeyboardEvent): void {
    const buttons = [...this.list.querySelectorAll<HTMLButtonElement>('button.conversation')];
    const index = buttons.indexOf(event.target as HTMLButtonElement);
    if (index < 0) return;
    const next = { ArrowUp: index - 1, ArrowDown: index + 1, Home: 0, End: buttons.length - 1 }[event.key];
    if (next === undefined || next < 0 || next >= buttons.length) return;
    event.preventDefault();
    buttons.forEach((b, i) => (b.tabIndex = i === next ? 0 : -1));
    this.focusId = buttons[next].dataset.conversationId;
    buttons[next].focus();
  }
}
