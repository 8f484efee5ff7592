import { ChatPanelElement } from './panel/chat-panel.element';
import { configure } from './page-config';
import { PresenceBadgeElement } from './presence/presence-badge.element';
import { WIDGET_VERSION } from './version';

/**
 * The widget's one script: defines <chat-presence-badge> and <chat-panel>, and `window.ChatWidget` for pages that
 * configure every element at once. Loading it twice (two copies on one page) keeps the first definitions.
 */
const api = { version: WIDGET_VERSION, configure };

declare global {
  interface Window {
    ChatWidget?: typeof api;
  }
  interface HTMLElementTagNameMap {
    'chat-presence-badge': PresenceBadgeElement;
    'chat-panel': ChatPanelElement;
  }
}

if (!customElements.get('chat-presence-badge')) customElements.define('chat-presence-badge', PresenceBadgeElement);
if (!customElements.get('chat-panel')) customElements.define('chat-panel', ChatPanelElement);
window.ChatWidget ??= api;
