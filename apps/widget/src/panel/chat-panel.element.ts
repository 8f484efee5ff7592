import { ChatElement } from '../chat-element';
import type { ChatSession, ConnectionState } from '../client/chat-session';
import type { ClientRequestName, SearchHit, WebAnswer, WebRequest } from '../client/protocol';
import { adoptStyles, h } from '../dom';
import { splitJid } from '@chat/domain/addresses';
import { type ConversationKind, conversationTarget, defaultName, directConversationId, looksLikeBareJid, roomConversationId } from './addresses';
import type { ChatMessage } from './chat-message';
import { ConversationIndex } from './conversation-index';
import { ConversationList } from './conversation-list';
import { ConversationPane } from './conversation-pane';
import { panelStyles } from './panel.styles';
import { SearchView } from './search-view';
import { TypingNotices } from './typing-notices';

const LIST_PAGE = 50;
/**
 * The api fans a message out before it updates the conversation list (archive and delivery first, counters after),
 * so a list loaded while a socket was connecting can miss a message delivered just before: it is loaded once more
 * after this long, and corrected from history whenever a conversation is opened.
 */
const LIST_SETTLE_MS = 3000;

/**
 * `<chat-panel service="https://chat.example.com">`: a person's conversations with unread counts, the open
 * conversation, search, and a box to open a conversation with a colleague or a room. Give it `token` or
 * `tokenProvider` (or call ChatWidget.configure once for the page). Wide, the list and the conversation sit side
 * by side; narrow (a phone), one at a time.
 *
 * Page API: `panel.openConversation(jid)`, `panel.displayName = (jid) => 'Alice Martin'`.
 */
export class ChatPanelElement extends ChatElement {
  /** How the page names people and rooms (its directory); the JID's local part otherwise. */
  displayName: ((jid: string) => string | undefined) | undefined;

  private current: ChatSession | undefined;
  private unsubscribe: Array<() => void> = [];
  private readonly index = new ConversationIndex();
  private readonly lastMarked = new Map<string, string>();
  private readonly typing = new TypingNotices((conversationId) => {
    this.renderList();
    if (conversationId === this.pane.openId) this.pane.showTyping(this.typing.who(conversationId));
  });
  private built:
    | {
        panel: HTMLElement;
        banner: HTMLElement;
        openLabel: HTMLLabelElement;
        openInput: HTMLInputElement;
        openButton: HTMLButtonElement;
        openError: HTMLElement;
        placeholder: HTMLElement;
      }
    | undefined;
  private readonly list: ConversationList;
  private readonly pane: ConversationPane;
  private readonly search: SearchView;
  private pendingOpen: string | undefined;
  private loadingList: Promise<void> | undefined;

  constructor() {
    super();
    this.list = new ConversationList((entry) => void this.openEntry(entry.id, { kind: entry.kind, with: entry.with }));
    this.pane = new ConversationPane({
      session: () => this.current,
      me: () => this.current?.jid ?? '',
      name: (jid) => this.nameOf(jid),
      strings: () => this.strings,
      language: () => this.uiLanguage,
      back: () => this.showList(),
      seen: (conversationId, message) => this.seen(conversationId, message),
      newest: (conversationId, message) => this.index.onNewest(conversationId, message) && this.renderList(),
    });
    this.search = new SearchView({
      search: (q, before) => this.request('search', { q, ...(before ? { before } : {}) }),
      open: (hit) => void this.openHit(hit),
      toggled: (showing) => this.built && (this.list.element.hidden = showing),
      strings: () => this.strings,
      language: () => this.uiLanguage,
      where: (hit) => this.whereOf(hit),
    });
    document.addEventListener('visibilitychange', () => document.visibilityState === 'visible' && this.pane.reportSeen());
  }

  /** Opens (or starts) the direct conversation with this person, or a room the user is a member of. */
  async openConversation(jid: string): Promise<void> {
    const address = jid.trim().toLowerCase();
    const me = this.current?.jid;
    if (!me) {
      // Not connected yet: opened once signed in.
      this.pendingOpen = address;
      return;
    }
    if (this.isRoom(address)) {
      await this.request('join-room', { room: address });
      await this.openEntry(roomConversationId(address), { kind: 'room', with: address });
    } else {
      await this.openEntry(directConversationId(me, address), { kind: 'direct', with: address });
    }
  }

  protected render(): void {
    if (!this.built) this.build();
    const text = this.strings;
    const built = this.built!;
    built.openLabel.textContent = text.openConversation;
    built.openInput.placeholder = text.addressHint;
    built.openButton.textContent = text.open;
    built.placeholder.textContent = text.chooseConversation;
    this.search.relabel();
    this.pane.relabel();
    this.renderBanner();
    this.renderList();
  }

  protected attach(session: ChatSession | undefined): void {
    this.unsubscribe.forEach((stop) => stop());
    this.unsubscribe = [];
    if (this.current && this.current !== session) {
      // Another session may be another person: nothing of the previous one stays on screen.
      this.index.clear();
      this.lastMarked.clear();
      this.pane.close();
      this.search.hide();
      if (this.built) this.built.placeholder.hidden = false;
    }
    this.current = session;
    this.renderBanner();
    this.renderList();
    if (!session) return;
    this.unsubscribe = [
      session.events.on('state', () => this.renderBanner()),
      session.events.on('message', (event) => {
        const me = session.jid ?? '';
        const seen = this.pane.openId === event.conversationId && this.looking();
        this.index.onMessage(event, me, seen);
        this.typing.onMessage(event);
        this.pane.onMessage(event);
        this.renderList();
      }),
      session.events.on('chatstate', (event) => event.from !== session.jid && this.typing.onChatState(event)),
      session.events.on('read', (event) => {
        if (event.reader === session.jid) {
          // Read here or in another tab or client of the same person.
          const entry = this.index.get(event.conversationId);
          if (entry && (!entry.lastMessage || entry.lastMessage.position <= event.position)) entry.unread = 0;
          this.renderList();
        }
        this.pane.onRead(event);
      }),
      session.events.on('send-failed', (event) => this.pane.onSendFailed(event)),
      session.events.on('resync', ({ caughtUp }) => {
        void this.loadList().then(() => this.settleList(session));
        if (!caughtUp) this.pane.reload();
      }),
    ];
    this.pane.relabel();
    void session.whenSignedIn().then(async () => {
      if (this.current !== session) return;
      await this.loadList();
      this.settleList(session);
      const pending = this.pendingOpen;
      this.pendingOpen = undefined;
      if (pending) await this.openConversation(pending).catch((error: Error) => this.showOpenError(error));
    });
  }

  private build(): void {
    adoptStyles(this.root, panelStyles);
    const banner = h('p', { class: 'banner', role: 'status', hidden: true });
    const inputId = `open-${Math.random().toString(36).slice(2)}`;
    const openLabel = h('label', { class: 'open-label', for: inputId });
    const openInput = h('input', { id: inputId, type: 'text', inputmode: 'email', autocomplete: 'off', spellcheck: 'false', name: 'address' });
    const openButton = h('button', { type: 'submit' });
    const openError = h('p', { class: 'error', role: 'alert' });
    const openForm = h('form', { class: 'open-form' }, openLabel, h('div', { class: 'open-row' }, openInput, openButton), openError);
    openForm.addEventListener('submit', (event) => {
      event.preventDefault();
      const address = openInput.value.trim();
      openError.textContent = '';
      if (!looksLikeBareJid(address)) return void (openError.textContent = this.strings.addressHint);
      this.openConversation(address).then(
        () => (openInput.value = ''),
        (error: Error) => this.showOpenError(error),
      );
    });
    const sidebar = h('div', { class: 'sidebar' }, this.search.form, this.search.results, this.list.element, openForm);
    const placeholder = h('p', { class: 'placeholder' });
    // Landmarks are the page's to choose (it has its own "Chat" region or heading): none here but search and nav.
    const panel = h('div', { class: 'panel', 'data-view': 'list' }, banner, sidebar, h('div', { class: 'main' }, placeholder, this.pane.element));
    this.list.more.addEventListener('click', () => void this.loadList(true));
    this.root.append(h('div', { class: 'root' }, panel));
    this.built = { panel, banner, openLabel, openInput, openButton, openError, placeholder };
  }

  private async loadList(more = false): Promise<void> {
    if (this.loadingList && !more) return this.loadingList;
    const work = (async () => {
      try {
        const page = await this.request('list-conversations', {
          limit: LIST_PAGE,
          ...(more && this.index.next ? { before: this.index.next } : {}),
        });
        if (more) this.index.add(page.conversations, page.next);
        else this.index.replace(page.conversations, page.next);
        this.renderList();
        // Opened before the list came: its unread count may need clearing.
        this.pane.reportSeen();
      } catch (error) {
        this.showOpenError(error as Error);
      }
    })();
    if (!more) this.loadingList = work.finally(() => (this.loadingList = undefined));
    return work;
  }

  private settleList(session: ChatSession): void {
    setTimeout(() => this.current === session && void this.loadList(), LIST_SETTLE_MS);
  }

  private async openEntry(id: string, target: { kind: ConversationKind; with: string }): Promise<void> {
    const me = this.current?.jid;
    if (!me) return;
    this.index.ensure(id, me);
    this.search.hide();
    this.showPane();
    this.renderList();
    const opening = this.pane.open({ id, ...target });
    this.pane.showTyping(this.typing.who(id));
    await opening;
    this.pane.focusComposer();
  }

  private async openHit(hit: SearchHit): Promise<void> {
    const me = this.current?.jid;
    if (!me) return;
    const id = hit.message.conversationId;
    this.index.ensure(id, me);
    this.showPane();
    this.renderList();
    const opening = this.pane.open({ id, ...conversationTarget(id, me) }, hit.message);
    this.pane.showTyping(this.typing.who(id));
    await opening;
  }

  /** The newest message from someone else is on screen: mark the conversation read up to it, once. */
  private seen(conversationId: string, message: ChatMessage): void {
    if (!this.looking()) return;
    const entry = this.index.get(conversationId);
    if (entry) {
      entry.unread = 0;
      this.renderList();
    }
    if ((this.lastMarked.get(conversationId) ?? '') >= message.position) return;
    this.lastMarked.set(conversationId, message.position);
    this.request('mark-read', { conversationId, messageId: message.messageId }).catch(() => this.lastMarked.delete(conversationId));
  }

  /** The person can see the conversation: the tab is visible and the pane shown. */
  private looking(): boolean {
    return document.visibilityState === 'visible' && this.built?.panel.dataset.view === 'pane';
  }

  private showPane(): void {
    if (!this.built) return;
    this.built.panel.dataset.view = 'pane';
    this.built.placeholder.hidden = true;
  }

  private showList(): void {
    if (!this.built) return;
    this.built.panel.dataset.view = 'list';
    this.list.focus(this.pane.openId);
  }

  private renderList(): void {
    if (!this.built) return;
    this.list.render(
      this.index.sorted(),
      {
        strings: this.strings,
        language: this.uiLanguage,
        me: this.current?.jid ?? '',
        openId: this.pane.openId,
        session: this.current,
        name: (jid) => this.nameOf(jid),
        typing: (id) => this.typing.who(id).length > 0,
      },
      !!this.index.next,
    );
  }

  private renderBanner(): void {
    const banner = this.built?.banner;
    if (!banner) return;
    const text = this.strings;
    const state: ConnectionState | 'unconfigured' = this.current?.state ?? 'unconfigured';
    const message = { online: '', closed: '', connecting: text.connecting, reconnecting: text.reconnecting, 'signed-out': text.signedOut, unconfigured: text.notConfigured }[state];
    banner.textContent = message;
    banner.hidden = !message;
    banner.dataset.state = state;
    this.dataset.state = state;
  }

  private nameOf(jid: string): string {
    if (jid === this.current?.jid) return this.strings.you;
    return this.displayName?.(jid) || defaultName(jid);
  }

  private whereOf(hit: SearchHit): string {
    const me = this.current?.jid ?? '';
    const target = conversationTarget(hit.message.conversationId, me);
    const author = this.nameOf(hit.message.from);
    return target.kind === 'room' ? `${author} ${this.strings.in(this.nameOf(target.with))}` : author;
  }

  private isRoom(address: string): boolean {
    const muc = this.getAttribute('muc-domain') ?? `conference.${splitJid(this.current?.jid ?? '').domain}`;
    return splitJid(address).domain === muc;
  }

  private request<N extends ClientRequestName>(name: N, body: WebRequest<N>): Promise<WebAnswer<N>> {
    if (!this.current) return Promise.reject(new Error(this.strings.notConfigured));
    return this.current.request(name, body);
  }

  private showOpenError(error: Error): void {
    if (this.built) this.built.openError.textContent = this.strings.failed(error.message);
  }
}
