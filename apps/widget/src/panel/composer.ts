import type { ChatStateName } from '../client/protocol';
import { h } from '../dom';
import type { Strings } from '../i18n';
import type { ChatMessage } from './chat-message';

export interface ComposerHooks {
  send(body: string): void;
  correct(message: ChatMessage, body: string): void;
  typing(state: ChatStateName): void;
}

// Typing notices share the sender's rate budget with messages: at most one "composing" per this long.
const COMPOSING_EVERY_MS = 8000;
const PAUSED_AFTER_MS = 5000;

/**
 * The send box: Enter sends, Shift+Enter breaks the line, and never while an input method is composing (Korean,
 * Japanese, Chinese). Also edits your own message in place (Escape cancels) and sends typing notices.
 */
export class Composer {
  readonly element: HTMLFormElement;
  private readonly input: HTMLTextAreaElement;
  private readonly label: HTMLLabelElement;
  private readonly hint: HTMLElement;
  private readonly submit: HTMLButtonElement;
  private readonly cancel: HTMLButtonElement;
  private editing: ChatMessage | undefined;
  private draft = '';
  private composingSentAt = 0;
  private pauseTimer: ReturnType<typeof setTimeout> | undefined;
  private strings!: Strings;

  constructor(private readonly hooks: ComposerHooks) {
    const id = `composer-${Math.random().toString(36).slice(2)}`;
    this.input = h('textarea', { id, rows: 2, class: 'composer-input', 'aria-describedby': `${id}-hint` });
    this.label = h('label', { for: id, class: 'visually-hidden' });
    this.hint = h('p', { id: `${id}-hint`, class: 'composer-hint', hidden: true });
    this.submit = h('button', { type: 'submit', class: 'primary' });
    this.cancel = h('button', { type: 'button', hidden: true });
    this.element = h('form', { class: 'composer' }, this.label, this.hint, h('div', { class: 'composer-row' }, this.input, this.cancel, this.submit));
    this.element.addEventListener('submit', (event) => {
      event.preventDefault();
      this.commit();
    });
    this.input.addEventListener('keydown', (event) => {
      if (event.key === 'Enter' && !event.shiftKey && !event.isComposing && event.keyCode !== 229) {
        event.preventDefault();
        this.commit();
      } else if (event.key === 'Escape' && this.editing) {
        event.preventDefault();
        this.stopEditing();
      }
    });
    this.input.addEventListener('input', () => this.typed());
    this.input.addEventListener('blur', () => this.paused());
    this.cancel.addEventListener('click', () => this.stopEditing());
  }

  relabel(strings: Strings, recipient: string): void {
    this.strings = strings;
    this.label.textContent = strings.messageTo(recipient);
    this.input.placeholder = strings.messageTo(recipient);
    this.cancel.textContent = strings.cancel;
    this.hint.textContent = strings.editing;
    this.submit.textContent = this.editing ? strings.save : strings.send;
  }

  edit(message: ChatMessage): void {
    if (!this.editing) this.draft = this.input.value;
    this.editing = message;
    this.input.value = message.body;
    this.hint.hidden = false;
    this.cancel.hidden = false;
    this.submit.textContent = this.strings.save;
    this.element.classList.add('editing');
    this.focus();
    this.input.setSelectionRange(this.input.value.length, this.input.value.length);
  }

  /** A different conversation: no edit carries over, nor a draft. */
  reset(): void {
    this.paused();
    this.editing = undefined;
    this.draft = '';
    this.input.value = '';
    this.hint.hidden = true;
    this.cancel.hidden = true;
    this.element.classList.remove('editing');
    if (this.strings) this.submit.textContent = this.strings.send;
  }

  focus(): void {
    this.input.focus();
  }

  private commit(): void {
    const body = this.input.value;
    if (body.trim() === '') return;
    const editing = this.editing;
    if (editing) {
      this.stopEditing();
      if (body !== editing.body) this.hooks.correct(editing, body);
      return;
    }
    this.input.value = '';
    this.composingSentAt = 0;
    clearTimeout(this.pauseTimer);
    this.hooks.send(body);
  }

  private stopEditing(): void {
    this.editing = undefined;
    this.input.value = this.draft;
    this.draft = '';
    this.hint.hidden = true;
    this.cancel.hidden = true;
    this.submit.textContent = this.strings.send;
    this.element.classList.remove('editing');
    this.focus();
  }

  private typed(): void {
    if (this.editing) return;
    if (this.input.value.trim() === '') return this.paused();
    const now = Date.now();
    if (now - this.composingSentAt > COMPOSING_EVERY_MS) {
      this.composingSentAt = now;
      this.hooks.typing('composing');
    }
    clearTimeout(this.pauseTimer);
    this.pauseTimer = setTimeout(() => this.paused(), PAUSED_AFTER_MS);
  }

  private paused(): void {
    clearTimeout(this.pauseTimer);
    if (this.composingSentAt === 0) return;
    this.composingSentAt = 0;
    this.hooks.typing('paused');
  }
}
