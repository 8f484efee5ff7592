import { h } from '../dom';
import { formatStamp, type Strings } from '../i18n';
import type { ChatMessage } from './chat-message';

export interface MessageItemView {
  strings: Strings;
  language: string;
  own: boolean;
  author: string;
  /** "Sent", "Read", "Sending…": shown on pending messages and on the newest of your own. */
  status?: string;
  /** The one message of the log reachable with Tab (the others with the arrow keys). */
  active: boolean;
  target: boolean;
  confirmingDelete: boolean;
}

export interface MessageItemActions {
  edit(message: ChatMessage): void;
  askDelete(message: ChatMessage): void;
  confirmDelete(message: ChatMessage): void;
  cancelDelete(message: ChatMessage): void;
  retry(message: ChatMessage): void;
}

/** One message of the log. Its body is a text node: markup in a message shows as the characters it is. */
export function renderMessageItem(message: ChatMessage, view: MessageItemView, actions: MessageItemActions): HTMLLIElement {
  const { strings: text, own } = view;
  const tab = view.active ? 0 : -1;
  const meta = h(
    'div',
    { class: 'meta' },
    h('span', { class: 'author' }, own ? text.you : view.author),
    ' ',
    h('time', { datetime: message.stamp }, formatStamp(message.stamp, view.language)),
    message.edited && !message.retracted ? h('span', { class: 'edited' }, ` (${text.edited})`) : null,
  );
  const body = message.retracted ? h('p', { class: 'body deleted' }, text.deleted) : h('p', { class: 'body', dir: 'auto' }, message.body);
  const failed = message.local?.state === 'failed';
  const status = view.status
    ? h('p', { class: failed ? 'status failed' : 'status' }, view.status, failed && message.local?.clientMessageId ? button(text.retry, tab, () => actions.retry(message)) : null)
    : null;
  let tools: HTMLElement | null = null;
  const changeable = own && !message.retracted && !message.local?.clientMessageId;
  if (changeable && view.confirmingDelete) {
    tools = h(
      'div',
      { class: 'actions confirm', role: 'group', 'aria-label': text.confirmDelete },
      h('span', {}, text.confirmDelete),
      button(text.delete, tab, () => actions.confirmDelete(message), 'danger'),
      button(text.cancel, tab, () => actions.cancelDelete(message)),
    );
  } else if (changeable) {
    tools = h(
      'div',
      { class: 'actions' },
      button(text.edit, tab, () => actions.edit(message), undefined, `${text.edit}: ${excerpt(message.body)}`),
      button(text.delete, tab, () => actions.askDelete(message), undefined, `${text.delete}: ${excerpt(message.body)}`),
    );
  }
  const classes = ['message', own ? 'own' : '', message.retracted ? 'retracted' : '', view.target ? 'target' : '', message.local ? 'local' : ''];
  return h(
    'li',
    {
      class: classes.filter(Boolean).join(' '),
      'data-message-id': message.messageId,
      tabindex: tab,
      'aria-current': view.target ? 'true' : undefined,
    },
    meta,
    body,
    status,
    tools,
  );
}

function button(label: string, tabindex: number, onClick: () => void, kind?: string, ariaLabel?: string): HTMLButtonElement {
  const element = h('button', { type: 'button', tabindex, class: kind, 'aria-label': ariaLabel }, label);
  element.addEventListener('click', (event) => {
    event.stopPropagation();
    onClick();
  });
  return element;
}

function excerpt(body: string): string {
  return body.length > 40 ? `${body.slice(0, 40)}…` : body;
}
