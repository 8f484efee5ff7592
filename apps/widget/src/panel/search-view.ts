import type { SearchHit } from '../client/protocol';
import { h } from '../dom';
import { formatStamp, type Strings } from '../i18n';
import { renderSnippet } from './highlighted-snippet';

export interface SearchHooks {
  search(query: string, before: string | undefined): Promise<{ hits: SearchHit[]; before?: string }>;
  open(hit: SearchHit): void;
  /** Results shown or closed: the conversation list hides while they are shown. */
  toggled(showing: boolean): void;
  strings(): Strings;
  language(): string;
  where(hit: SearchHit): string;
}

/**
 * The search box and its results: each result names the conversation, the author and the time, and shows the
 * snippet with the matching words in <mark> (built from the api's highlight offsets, as text). Choosing one opens
 * the conversation at that message. Escape closes the results.
 */
export class SearchView {
  readonly form: HTMLFormElement;
  readonly results: HTMLElement;
  private readonly input: HTMLInputElement;
  private readonly label: HTMLLabelElement;
  private readonly submit: HTMLButtonElement;
  private readonly summary: HTMLElement;
  private readonly list: HTMLUListElement;
  private readonly more: HTMLButtonElement;
  private readonly close: HTMLButtonElement;
  private query = '';
  private before: string | undefined;
  private count = 0;
  private generation = 0;

  constructor(private readonly hooks: SearchHooks) {
    const id = `search-${Math.random().toString(36).slice(2)}`;
    this.input = h('input', { id, type: 'search', enterkeyhint: 'search', autocomplete: 'off', maxlength: 256 });
    this.label = h('label', { for: id, class: 'visually-hidden' });
    this.submit = h('button', { type: 'submit' });
    this.form = h('form', { class: 'search', role: 'search' }, this.label, this.input, this.submit);
    this.summary = h('p', { class: 'summary', role: 'status' });
    this.list = h('ul', { class: 'hits', role: 'list' });
    this.more = h('button', { type: 'button', class: 'link', hidden: true });
    this.close = h('button', { type: 'button', class: 'link close' });
    this.results = h('section', { class: 'results', hidden: true }, h('div', { class: 'results-header' }, this.summary, this.close), this.list, this.more);
    this.form.addEventListener('submit', (event) => {
      event.preventDefault();
      void this.run(this.input.value.trim(), undefined);
    });
    this.form.addEventListener('keydown', (event) => {
      if (event.key === 'Escape' && !this.results.hidden) {
        event.preventDefault();
        this.hide();
      }
    });
    this.results.addEventListener('keydown', (event) => {
      if (event.key === 'Escape') {
        event.preventDefault();
        this.hide();
        this.input.focus();
      }
    });
    this.more.addEventListener('click', () => void this.run(this.query, this.before));
    this.close.addEventListener('click', () => {
      this.hide();
      this.input.focus();
    });
  }

  relabel(): void {
    const text = this.hooks.strings();
    this.label.textContent = text.search;
    this.input.placeholder = text.searchPlaceholder;
    this.submit.textContent = text.searchButton;
    this.more.textContent = text.moreResults;
    this.close.textContent = text.closeSearch;
    this.results.setAttribute('aria-label', text.search);
    if (this.query && !this.results.hidden) this.summary.textContent = text.results(this.count, this.query, !!this.before);
  }

  hide(): void {
    this.generation++;
    this.results.hidden = true;
    this.hooks.toggled(false);
  }

  private async run(query: string, before: string | undefined): Promise<void> {
    if (!query) return this.hide();
    const text = this.hooks.strings();
    const generation = ++this.generation;
    if (!before) {
      this.query = query;
      this.count = 0;
      this.list.replaceChildren();
    }
    this.results.hidden = false;
    this.hooks.toggled(true);
    this.summary.textContent = text.searching;
    this.more.hidden = true;
    try {
      const page = await this.hooks.search(query, before);
      if (generation !== this.generation) return;
      this.before = page.before;
      this.count += page.hits.length;
      this.list.append(...page.hits.map((hit) => this.item(hit)));
      this.summary.textContent = text.results(this.count, query, !!page.before);
      this.more.hidden = !page.before;
    } catch (error) {
      if (generation === this.generation) this.summary.textContent = text.failed((error as Error).message);
    }
  }

  private item(hit: SearchHit): HTMLLIElement {
    const button = h(
      'button',
      { type: 'button', class: 'hit', 'data-message-id': hit.message.id },
      h('span', { class: 'where' }, `${this.hooks.where(hit)} · `, h('time', { datetime: hit.message.stamp }, formatStamp(hit.message.stamp, this.hooks.language()))),
      h('span', { class: 'snippet', dir: 'auto' }, renderSnippet(hit.snippet.text, hit.snippet.highlights)),
    );
    button.addEventListener('click', () => this.hooks.open(hit));
    return h('li', {}, button);
  }
}
