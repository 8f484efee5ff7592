import type { ChatSession } from './client/chat-session';
import { acquireSession, releaseSession } from './client/shared-sessions';
import type { TokenProvider } from './client/token-source';
import { languageOf, type Strings, STRINGS } from './i18n';
import { onPageConfig, pageConfig } from './page-config';

const elements = new Set<ChatElement>();

// One observer for the whole page: a language switch anywhere above an element re-renders it.
let languageObserver: MutationObserver | undefined;
function observeLanguage(): void {
  if (languageObserver) return;
  languageObserver = new MutationObserver(() => elements.forEach((element) => element.languageMayHaveChanged()));
  languageObserver.observe(document.documentElement, { attributes: true, attributeFilter: ['lang'], subtree: true });
}

/**
 * What every chat element has: a `service` URL and a `token` or `tokenProvider` (its own, or the page's from
 * ChatWidget.configure), turned into a shared session; and its language. Subclasses render in a shadow root.
 */
export abstract class ChatElement extends HTMLElement {
  static get observedAttributes(): string[] {
    return ['service'];
  }

  protected readonly root: ShadowRoot;
  private ownToken: string | undefined;
  private ownProvider: TokenProvider | undefined;
  private given: ChatSession | undefined;
  private acquired: ChatSession | undefined;
  private bound: ChatSession | undefined;
  private stopWatchingConfig: (() => void) | undefined;
  private language = '';

  constructor() {
    super();
    this.root = this.attachShadow({ mode: 'open', delegatesFocus: false });
  }

  get service(): string | null {
    return this.getAttribute('service');
  }
  set service(value: string | null) {
    if (value) this.setAttribute('service', value);
    else this.removeAttribute('service');
  }

  get token(): string | undefined {
    return this.ownToken;
  }
  set token(value: string | undefined) {
    this.ownToken = value || undefined;
    this.rebind();
  }

  get tokenProvider(): TokenProvider | undefined {
    return this.ownProvider;
  }
  set tokenProvider(value: TokenProvider | undefined) {
    this.ownProvider = typeof value === 'function' ? value : undefined;
    this.rebind();
  }

  /** Lets a panel hand its session to the badges it shows, so they never open a socket of their own. */
  set session(value: ChatSession | undefined) {
    this.given = value;
    this.rebind();
  }

  get strings(): Strings {
    return STRINGS[this.uiLanguage];
  }

  connectedCallback(): void {
    elements.add(this);
    observeLanguage();
    this.language = languageOf(this);
    this.stopWatchingConfig ??= onPageConfig(() => this.rebind());
    this.render();
    this.rebind();
  }

  disconnectedCallback(): void {
    elements.delete(this);
    this.stopWatchingConfig?.();
    this.stopWatchingConfig = undefined;
    this.bind(undefined);
  }

  attributeChangedCallback(name: string, old: string | null, value: string | null): void {
    if (old !== value && name === 'service') this.rebind();
  }

  languageMayHaveChanged(): void {
    const language = languageOf(this);
    if (language === this.language) return;
    this.language = language;
    this.render();
  }

  protected get uiLanguage(): string {
    return this.language || languageOf(this);
  }

  /** Builds or rebuilds the shadow tree's text in the current language. */
  protected abstract render(): void;

  /** The session changed (or went away); subscribe to the new one. */
  protected abstract attach(session: ChatSession | undefined): void;

  private rebind(): void {
    if (!this.isConnected) return;
    if (this.given) return this.bind(this.given);
    const config = pageConfig();
    const service = this.service ?? config?.service;
    const credential = this.ownProvider ?? this.ownToken ?? config?.tokenProvider ?? config?.token;
    this.bind(service && credential ? { service, credential } : undefined);
  }

  private bind(target: ChatSession | { service: string; credential: string | TokenProvider } | undefined): void {
    let next: ChatSession | undefined;
    let acquired: ChatSession | undefined;
    if (target && 'request' in target) next = target;
    else if (target) next = acquired = acquireSession(target.service, target.credential);
    if (this.acquired) releaseSession(this.acquired);
    this.acquired = acquired;
    if (next === this.bound) return;
    this.bound = next;
    this.attach(next);
  }
}
