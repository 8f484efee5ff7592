import type { ChatMessage } from './chat-message';

/** Where focus was within the log: a message, or one of its buttons. */
export interface LogFocusPlace {
  messageId: string;
  button?: number;
}

export interface LogFocusHooks {
  messages(): ChatMessage[];
  /** Arrow up past the first message shown. */
  beforeFirst(): void;
}

/**
 * Roving focus over the messages of a log: only the active message (and its buttons) is in the Tab order, the
 * arrow keys, Home and End move between messages, and focus survives the log being rendered again.
 */
export class LogFocus {
  /** The message in the Tab order. */
  activeId: string | undefined;

  constructor(
    private readonly list: HTMLOListElement,
    container: HTMLElement,
    private readonly hooks: LogFocusHooks,
  ) {
    container.addEventListener('keydown', (event) => this.keydown(event));
    container.addEventListener('focusin', (event) => this.focused(event));
  }

  item(messageId: string): HTMLElement | undefined {
    return [...this.list.children].find((li) => (li as HTMLElement).dataset.messageId === messageId) as HTMLElement | undefined;
  }

  /** Where focus is now, if on a message of the log or one of its buttons. */
  within(): LogFocusPlace | undefined {
    const active = (this.list.getRootNode() as ShadowRoot).activeElement as HTMLElement | null;
    const li = active?.closest<HTMLElement>('li.message');
    if (!li || !this.list.contains(li)) return undefined;
    const buttons = [...li.querySelectorAll('button')];
    const button = buttons.indexOf(active as HTMLButtonElement);
    return { messageId: li.dataset.messageId!, button: button >= 0 ? button : undefined };
  }

  restore(focus: LogFocusPlace): void {
    const li = this.item(focus.messageId);
    if (!li) return;
    const button = focus.button !== undefined ? li.querySelectorAll('button')[focus.button] : undefined;
    (button ?? li).focus({ preventScroll: true });
  }

  private keydown(event: KeyboardEvent): void {
    const current = event.target as HTMLElement;
    if (!current.matches('li.message')) return;
    const messages = this.hooks.messages();
    const index = messages.findIndex((m) => m.messageId === current.dataset.messageId);
    const last = messages.length - 1;
    const next = { ArrowUp: index - 1, ArrowDown: index + 1, Home: 0, End: last }[event.key];
    if (next === undefined) return;
    event.preventDefault();
    if (next < 0) return void this.hooks.beforeFirst();
    const message = messages[Math.min(next, last)];
    if (message) this.activate(message.messageId, true);
  }

  private focused(event: FocusEvent): void {
    const item = (event.target as HTMLElement).closest<HTMLElement>('li.message');
    if (item?.dataset.messageId && item.dataset.messageId !== this.activeId) this.activate(item.dataset.messageId, false);
  }

  private activate(messageId: string, focus: boolean): void {
    this.activeId = messageId;
    for (const li of this.list.children as HTMLCollectionOf<HTMLElement>) {
      const active = li.dataset.messageId === messageId;
      li.tabIndex = active ? 0 : -1;
      li.querySelectorAll('button').forEach((b) => (b.tabIndex = active ? 0 : -1));
      if (active && focus) li.focus();
    }
  }
}
