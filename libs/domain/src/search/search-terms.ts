/**
 * Message search tokens. Messages live in MongoDB and, in tests, FerretDB v1, which has neither $text nor
 * collations: every search must be answered by plain equality on multikey array fields. So folding
 * (case, accents: text-folding.ts), tokenization and CJK splitting all happen in the domain, once at write time
 * (`indexTerms`) and once at query time (`parseSearchQuery`), with the very same rules on both sides.
 */

import { SEARCH_LIMITS } from './search-limits';
import { CJK_CHAR, normalizeText } from './text-folding';

const {
  maxTokenLength: MAX_TOKEN_LENGTH,
  minPrefixLength: MIN_PREFIX_LENGTH,
  maxPrefixLength: MAX_PREFIX_LENGTH,
  maxTerms: MAX_TERMS,
  maxPrefixes: MAX_PREFIXES,
  maxQueryLength: MAX_QUERY_LENGTH,
  maxQueryTerms: MAX_QUERY_TERMS,
} = SEARCH_LIMITS;

/**
 * A parsed query: every entry of `terms` must be in a message's `terms`; `prefix`, when present, must be in
 * its `prefixes` (which also hold whole tokens of up to 20 characters, so one lookup suffices).
 * `highlight` holds the normalized query tokens as typed, for `snippet`.
 */
export interface SearchQuery {
  terms: string[];
  prefix?: string;
  highlight: string[];
}

export interface SearchQueryError {
  error: string;
}

const TOKEN = /[\p{L}\p{N}][\p{L}\p{N}\p{M}]*/gu;

interface Token {
  text: string;
  cjk: boolean;
  /** UTF-16 offset just past the token in the normalized text, to tell whether the query ends inside it. */
  end: number;
}

/**
 * Splits normalized text into runs of letters and digits; anything else (apostrophes, hyphens, punctuation)
 * separates. A run switching between CJK and other scripts ("abc한국어123") is split at each switch.
 */
function* tokenize(normalized: string): Generator<Token> {
  for (const match of normalized.matchAll(TOKEN)) {
    let run = '';
    let runCjk = false;
    let pos = match.index;
    for (const ch of match[0]) {
      const cjk = CJK_CHAR.test(ch);
      if (run && cjk !== runCjk) {
        yield { text: run, cjk: runCjk, end: pos };
        run = '';
      }
      if (!run) runCjk = cjk;
      run += ch;
      pos += ch.length;
    }
    if (run) yield { text: run, cjk: runCjk, end: pos };
  }
}

function truncate(text: string, max: number): string {
  return text.length <= max ? text : Array.from(text).slice(0, max).join('');
}

function cjkBigrams(chars: readonly string[]): string[] {
  const out: string[] = [];
  for (let i = 0; i + 1 < chars.length; i++) out.push(chars[i] + chars[i + 1]);
  return out;
}

/**
 * The `terms` and `prefixes` arrays to store with a message. Capped and truncated so that a hostile 32 KB
 * body cannot blow up the multikey indexes; the first ones in text order are kept.
 */
export function indexTerms(text: string): { terms: string[]; prefixes: string[] } {
  const terms = new Set<string>();
  const prefixes = new Set<string>();
  const addTerm = (term: string): void => {
    if (terms.size < MAX_TERMS) terms.add(term);
  };
  for (const token of tokenize(normalizeText(text))) {
    if (terms.size >= MAX_TERMS && prefixes.size >= MAX_PREFIXES) break;
    if (token.cjk) {
      const chars = Array.from(token.text);
      // Unigrams too, so that a one-character query (common in Chinese and Japanese) is an equality lookup.
      for (let i = 0; i < chars.length; i++) {
        addTerm(chars[i]);
        if (i + 1 < chars.length) addTerm(chars[i] + chars[i + 1]);
      }
      continue;
    }
    const word = truncate(token.text, MAX_TOKEN_LENGTH);
    addTerm(word);
    const chars = Array.from(word);
    let prefix = chars[0];
    for (let length = 2; length <= Math.min(chars.length, MAX_PREFIX_LENGTH) && prefixes.size < MAX_PREFIXES; length++) {
      prefix += chars[length - 1];
      prefixes.add(prefix);
    }
  }
  return { terms: [...terms], prefixes: [...prefixes] };
}

/**
 * Turns what the user typed into equality lookups. The last word counts as a prefix unless the query ends
 * after it (space or punctuation), which is how search-as-you-type behaves.
 */
export function parseSearchQuery(query: string): SearchQuery | SearchQueryError {
  // The UTF-16 length check first, so that a megabyte of input is refused without being copied.
  if (query.length > 2 * MAX_QUERY_LENGTH || Array.from(query).length > MAX_QUERY_LENGTH) return { error: 'query too long' };
  const normalized = normalizeText(query);
  const tokens = Array.from(tokenize(normalized));
  if (tokens.length === 0) return { error: 'query is empty' };

  const last = tokens[tokens.length - 1];
  const lastIsPrefix = !last.cjk && last.end === normalized.length;
  const terms = new Set<string>();
  const highlight = new Set<string>();
  for (const token of lastIsPrefix ? tokens.slice(0, -1) : tokens) {
    highlight.add(token.text);
    if (!token.cjk) {
      terms.add(truncate(token.text, MAX_TOKEN_LENGTH));
      continue;
    }
    const chars = Array.from(token.text);
    for (const term of chars.length === 1 ? chars : cjkBigrams(chars)) terms.add(term);
  }

  let prefix: string | undefined;
  if (lastIsPrefix) {
    const length = Array.from(last.text).length;
    if (length >= MIN_PREFIX_LENGTH) {
      // Only the first 20 characters are indexed as prefixes; a longer one still narrows well enough.
      prefix = truncate(last.text, MAX_PREFIX_LENGTH);
      highlight.add(last.text);
      if (terms.has(prefix)) prefix = undefined;
    } else if (tokens.length === 1) {
      return { error: 'query too short' };
    }
    // A one-letter trailing prefix is dropped: it would match nearly everything, and the user is still typing.
  }

  if (terms.size > MAX_QUERY_TERMS) return { error: 'too many terms' };
  const result: SearchQuery = { terms: [...terms], highlight: [...highlight] };
  if (prefix !== undefined) result.prefix = prefix;
  return result;
}
