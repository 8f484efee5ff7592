import type { ChatSession } from '../client/chat-session';
import type { HistoryMessage, MessageEvent, ReadEvent, SendFailedEvent } from '../client/protocol';
import { h } from '../dom';
import type { Strings } from '../i18n';
import { type ChatMessage, fromEvent } from './chat-message';
import { Composer } from './composer';
import { ConversationTimeline, type OpenConversation, type PageDirection } from './conversation-timeline';
import { MessageLog } from './message-log';
import { OutgoingMessages } from './outgoing-messages';

export type { OpenConversation } from './conversation-timeline';

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

/**
 * One conversation: its history, loaded a page at a time as you scroll up (or down, after jumping to a search
 * result), live messages, corrections and deletions, typing, read state of your messages, and the send box. The
 * pane puts together the timeline (state and paging), the log that shows it (rendering and focus), what is being
 * sent, and the composer.
 */
export class ConversationPane {
  readonly element: HTMLElement;
  private readonly back: HTMLButtonElement;
  private readonly title: HTMLElement;
  private readonly subtitle: HTMLElement;
  private readonly badge: HTMLElement & { session?: ChatSession };
  private readonly typingLine: HTMLElement;
  private readonly announcer: HTMLElement;
  private readonly errorLine: HTMLElement;
  private readonly composer: Composer;
  private readonly timeline: ConversationTimeline;
  private readonly log: MessageLog;
  private readonly outgoing: OutgoingMessages;
  private typers: string[] = [];

  constructor(private readonly hooks: PaneHooks) {
    this.timeline = new ConversationTimeline(hooks);
    this.log = new MessageLog(this.timeline, {
      strings: () => hooks.strings(),
      language: () => hooks.language(),
      me: () => hooks.me(),
      name: (jid) => hooks.name(jid),
      loadPage: (direction) => void this.loadPage(direction),
      edit: (message) => this.composer.edit(message),
      retract: (message) => void this.outgoing.change(message, 'retract-message', { messageId: message.messageId }),
      retry: (message) => void this.outgoing.deliver(message),
    });
    this.outgoing = new OutgoingMessages(this.timeline, {
      session: () => hooks.session(),
      me: () => hooks.me(),
      render: (keep) => this.log.render(keep),
      openNewest: () => this.open(this.timeline.conversation!),
      activate: (messageId) => this.log.activate(messageId),
    });
    this.back = h('button', { type: 'button', class: 'back' }, h('span', { 'aria-hidden': 'true' }, '←'));
    this.back.addEventListener('click', () => hooks.back());
    this.title = h('p', { class: 'title' });
    this.subtitle = h('span', { class: 'subtitle' });
    this.badge = h('chat-presence-badge', { compact: true });
    this.announcer = h('p', { class: 'visually-hidden', 'aria-live': 'polite' });
    this.typingLine = h('p', { class: 'typing-status', role: 'status' });
    this.errorLine = h('p', { class: 'error', role: 'alert' });
    this.composer = new Composer({
      send: (body) => void this.outgoing.send(body),
      correct: (message, body) => void this.outgoing.change(message, 'correct-message', { messageId: message.messageId, body }),
      typing: (state) => {
        const conversation = this.timeline.conversation;
        if (conversation)
          this.hooks
            .session()
            ?.request('chat-state', { conversationId: conversation.id, state })
            .catch(() => undefined);
      },
    });
    const header = h('div', { class: 'pane-header' }, this.back, h('div', { class: 'heading' }, this.title, this.subtitle));
    this.element = h('section', { class: 'pane', hidden: true }, header, this.log.element, this.typingLine, this.errorLine, this.announcer, this.composer.element);
  }

  get openId(): string | undefined {
    return this.timeline.conversation?.id;
  }

  /** Opens a conversation at its newest messages, or around a message (a search result) and focuses it. */
  async open(conversation: OpenConversation, around?: HistoryMessage): Promise<void> {
    const { generation, switching } = this.timeline.start(conversation);
    this.log.reset();
    if (switching) this.composer.reset();
    this.element.hidden = false;
    this.log.busy(true);
    this.errorLine.textContent = '';
    this.relabel();
    try {
      if (around) {
        if (!(await this.timeline.loadAround(generation, around))) return;
        this.log.showTarget(around.id);
      } else {
        if (!(await this.timeline.loadNewest(generation))) return;
        this.log.render('bottom');
        const newest = this.timeline.messages[this.timeline.messages.length - 1];
        if (newest) this.hooks.newest(conversation.id, newest);
        this.reportSeen();
      }
    } catch (error) {
      if (this.timeline.isCurrent(generation)) this.showError(error);
    } finally {
      if (this.timeline.settle(generation)) {
        this.log.busy(false);
        this.log.renderNote();
        this.log.updateEdges();
      }
    }
  }

  /** After a reconnection that could not replay what was missed: the newest messages again. */
  reload(): void {
    if (this.timeline.conversation && !this.timeline.after) void this.open(this.timeline.conversation);
  }

  close(): void {
    this.timeline.stop();
    this.element.hidden = true;
  }

  focusComposer(): void {
    this.composer.focus();
  }

  /** Texts in the element's language (after a language change, or on open). */
  relabel(): void {
    const text = this.hooks.strings();
    const conversation = this.timeline.conversation;
    this.back.setAttribute('aria-label', text.back);
    this.back.title = text.back;
    if (!conversation) return this.log.relabel(text, undefined);
    const name = this.hooks.name(conversation.with);
    this.title.textContent = name;
    this.log.relabel(text, name);
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
    this.log.render('anchor');
  }

  onMessage(event: MessageEvent): void {
    const timeline = this.timeline;
    if (event.conversationId !== timeline.conversation?.id) return;
    const known = timeline.find(event.messageId);
    if (event.retract || event.replace) {
      if (!known) return;
      timeline.applyEdit(known, event);
      if (this.log.confirmingId === known.messageId) this.log.confirmingId = undefined;
      return this.log.render('anchor');
    }
    // Scrolled back in time (after a search): the newest messages load when the person scrolls down again.
    if (timeline.after) return;
    const own = event.from === this.hooks.me();
    timeline.messages = timeline.messages.filter((m) => m.local?.receiptId !== event.messageId);
    if (!known) timeline.merge([fromEvent(event)]);
    const keep = own || this.log.nearBottom() ? 'bottom' : 'anchor';
    this.log.followNewest(event.messageId);
    this.log.render(keep);
    if (!own) {
      this.announcer.textContent = `${this.hooks.name(event.from)}: ${event.body}`;
      this.reportSeen();
    }
  }

  onRead(event: ReadEvent): void {
    if (event.conversationId !== this.timeline.conversation?.id || event.reader === this.hooks.me()) return;
    if (this.timeline.applyRead(event)) this.log.render('anchor');
  }

  /** Who is typing in the open conversation now. */
  showTyping(jids: string[]): void {
    this.typers = jids;
    this.renderTyping();
  }

  onSendFailed(event: SendFailedEvent): void {
    const message = this.timeline.messages.find((m) => m.messageId === event.id || m.local?.receiptId === event.id);
    if (!message) return;
    message.local = { ...message.local, state: 'failed', failure: event.reason };
    this.log.render('anchor');
  }

  /** Reports the newest message from someone else, when the newest messages are what is on screen. */
  reportSeen(): void {
    const conversation = this.timeline.conversation;
    if (!conversation || this.timeline.after) return;
    const me = this.hooks.me();
    const newest = [...this.timeline.messages].reverse().find((m) => m.from !== me && !m.local);
    if (newest) this.hooks.seen(conversation.id, newest);
  }

  /** The next page in either direction (a button, the log's edge scrolled into view, arrow up past the first). */
  private async loadPage(direction: PageDirection): Promise<void> {
    if (!this.timeline.canLoad(direction)) return;
    try {
      await this.timeline.loadPage(direction, () => {
        if (direction === 'older') return this.log.render('prepended');
        this.log.render('none');
        if (!this.timeline.after) this.reportSeen();
      });
    } catch (error) {
      this.showError(error);
    } finally {
      this.log.updateEdges();
    }
  }

  private renderTyping(): void {
    const names = this.typers.map((jid) => this.hooks.name(jid));
    this.typingLine.textContent = names.length ? this.hooks.strings().typing(names) : '';
  }

  private showError(error: unknown): void {
    this.errorLine.textContent = this.hooks.strings().failed((error as Error).message);
  }
}
