import { ChatElement } from '../chat-element';
import type { ChatSession } from '../client/chat-session';
import type { PresenceEvent } from '../client/protocol';
import { adoptStyles, h } from '../dom';
import { formatRelative } from '../i18n';
import { badgeStyles } from './presence-badge.styles';

// "Last seen 3 minutes ago" ages: one timer for every offline badge of the page.
const aging = new Set<PresenceBadgeElement>();
let agingTimer: ReturnType<typeof setInterval> | undefined;
function age(badge: PresenceBadgeElement, on: boolean): void {
  if (on) aging.add(badge);
  else aging.delete(badge);
  if (aging.size > 0 && !agingTimer) agingTimer = setInterval(() => aging.forEach((b) => b.refresh()), 30_000);
  if (aging.size === 0 && agingTimer) agingTimer = void clearInterval(agingTimer);
}

/**
 * `<chat-presence-badge jid="alice@example.com">`: a user's presence (available, away, busy, extended away,
 * offline) as a coloured shape and a label, the status text and "last seen" on hover or focus, updated live.
 * `compact` shows the shape only. The current state is reflected in the `state` attribute.
 */
export class PresenceBadgeElement extends ChatElement {
  static override get observedAttributes(): string[] {
    return [...super.observedAttributes, 'jid', 'compact'];
  }

  private source: ChatSession | undefined;
  private presence: PresenceEvent | undefined;
  private unwatch: (() => void) | undefined;
  private parts: { badge: HTMLElement; label: HTMLElement; tip: HTMLElement } | undefined;

  get jid(): string | null {
    return this.getAttribute('jid');
  }
  set jid(value: string | null) {
    if (value) this.setAttribute('jid', value);
    else this.removeAttribute('jid');
  }

  override attributeChangedCallback(name: string, old: string | null, value: string | null): void {
    super.attributeChangedCallback(name, old, value);
    if (old === value) return;
    if (name === 'jid') this.rewatch();
    if (name === 'compact') this.refresh();
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    age(this, false);
  }

  protected render(): void {
    if (!this.parts) {
      adoptStyles(this.root, badgeStyles);
      const label = h('span', { class: 'label', part: 'label' });
      const tip = h('span', { class: 'tip', part: 'tooltip', 'aria-hidden': 'true' });
      const badge = h('span', { class: 'badge', part: 'badge' }, h('span', { class: 'dot', part: 'dot' }), label);
      this.root.append(badge, tip);
      this.parts = { badge, label, tip };
    }
    this.refresh();
  }

  protected attach(session: ChatSession | undefined): void {
    this.source = session;
    this.rewatch();
  }

  refresh(): void {
    if (!this.parts) return;
    const text = this.strings;
    const state = this.presence?.show ?? 'unknown';
    const label = text.presence[state];
    const details = [this.presence?.status?.trim()];
    if (state === 'offline' && this.presence?.lastSeen) details.push(text.lastSeen(formatRelative(this.presence.lastSeen, this.uiLanguage)));
    const detail = details.filter(Boolean).join('\n');
    this.parts.badge.dataset.state = state;
    this.parts.label.textContent = label;
    this.parts.tip.textContent = detail;
    this.setAttribute('state', state);
    this.setAttribute('role', 'img');
    this.setAttribute('aria-label', text.presenceOf(label, detail.replace(/\n/g, '. ')));
    // Focusable only when there is more to read than the label, so keyboard users can reach the tooltip too.
    if (detail && !this.hasAttribute('compact')) this.setAttribute('tabindex', '0');
    else if (this.getAttribute('tabindex') === '0') this.removeAttribute('tabindex');
    age(this, state === 'offline' && !!this.presence?.lastSeen && this.isConnected);
  }

  private rewatch(): void {
    this.unwatch?.();
    this.unwatch = undefined;
    this.presence = undefined;
    const jid = this.jid?.trim().toLowerCase();
    if (this.source && jid) {
      this.unwatch = this.source.presence.watch(jid, (presence) => {
        this.presence = presence;
        this.refresh();
      });
    }
    this.refresh();
  }
}
