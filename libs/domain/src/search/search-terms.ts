/**
 * Message search tokens. Messages live in MongoDB and, in tests, FerretDB v1, which has neither $text nor
 * collations: every search must be answered by plain equality on multikey array fields. So folding
 * (case, accents), tokenization and CJK splitting all happen here, once at write time (`indexTerms`) and
 * once at query time (`parseSearchQuery`), with the very same rules on both sides.
 */

const MAX_TOKEN_LENGTH = 64;
const MIN_PREFIX_LENGTH = 2;
const MAX_PREFIX_LENGTH = 20;
const MAX_TERMS = 2000;
const MAX_PREFIXES = 4000;
const MAX_QUERY_LENGTH = 256;
const MAX_QUERY_TERMS = 16;
const DEFAULT_SNIPPET_WIDTH = 160;
const ELLIPSIS = '\u2026';

/** Exposed so that API validation and documentation quote the same numbers as the index. */
export const SEARCH_LIMITS = Object.freeze({
  maxTokenLength: MAX_TOKEN_LENGTH,
  minPrefixLength: MIN_PREFIX_LENGTH,
  maxPrefixLength: MAX_PREFIX_LENGTH,
  maxTerms: MAX_TERMS,
  maxPrefixes: MAX_PREFIXES,
  maxQueryLength: MAX_QUERY_LENGTH,
  maxQueryTerms: MAX_QUERY_TERMS,
});

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

// Scripts written without spaces: indexed as character bigrams. Script_Extensions, not Script, so that the
// prolonged sound mark (ー) and the iteration mark (々) stay inside their katakana / kanji runs.
const CJK_CHAR = /(?=[\p{L}\p{N}])[\p{scx=Hani}\p{scx=Hira}\p{scx=Kana}\p{scx=Hang}]/u;
// Scripts whose combining marks are optional diacritics: stripping them is what users expect of a search.
// Elsewhere (Devanagari, Thai, …) marks are vowels and viramas, and stripping them would merge words.
const STRIP_MARKS_SCRIPT = /[\p{scx=Latn}\p{scx=Grek}\p{scx=Cyrl}\p{scx=Arab}\p{scx=Hebr}\p{scx=Armn}\p{scx=Geor}]/u;
const LETTER = /\p{L}/u;
const MARKS = /\p{M}/gu;
const WORD_CHAR = /[\p{L}\p{N}\p{M}]/u;
const TOKEN = /[\p{L}\p{N}][\p{L}\p{N}\p{M}]*/gu;
const WHITESPACE = /^\s+$/u;

// Letters NFKD leaves alone but that users type without the stroke, or spell out. ς→σ because folding one
// character at a time cannot know where a Greek word ends; tatweel is only a stretching stroke.
const SPECIAL_FOLDS: Readonly<Record<string, string>> = {
  ß: 'ss',
  æ: 'ae',
  œ: 'oe',
  ø: 'o',
  đ: 'd',
  ł: 'l',
  ı: 'i',
  þ: 'th',
  ð: 'd',
  ς: 'σ',
  '\u0640': '',
};
const SPECIAL_FOLD_CHARS = new RegExp(`[${Object.keys(SPECIAL_FOLDS).join('')}]`, 'gu');

const EXTENDING_MARK = /\p{M}/u;
const ASCII_ONLY = /^[\u0000-\u007f]*$/;

function isHangulJamoOrSyllable(code: number): boolean {
  return (code >= 0x1100 && code <= 0x11ff) || (code >= 0xac00 && code <= 0xd7a3) || (code >= 0xd7b0 && code <= 0xd7ff);
}

function isRegionalIndicator(code: number): boolean {
  return code >= 0x1f1e6 && code <= 0x1f1ff;
}

/** Whether `next` belongs to the same user-perceived character as what precedes it (`previous`). */
function extendsCluster(previous: number, next: number, regionalIndicators: number): boolean {
  if (next < 0x300) return false;
  if (previous === 0x200d) return true;
  if (next === 0x200d || next === 0xff9e || next === 0xff9f) return true;
  if ((next >= 0x1f3fb && next <= 0x1f3ff) || (next >= 0xe0020 && next <= 0xe007f)) return true;
  if (((next >= 0x1160 && next <= 0x11ff) || (next >= 0xd7b0 && next <= 0xd7ff)) && isHangulJamoOrSyllable(previous)) return true;
  if (regionalIndicators === 1 && isRegionalIndicator(next)) return true;
  return EXTENDING_MARK.test(String.fromCodePoint(next));
}

/**
 * Walks approximate grapheme clusters: a base with its marks (e.g. ｶ + ﾞ, or conjoining Hangul jamo), so that
 * each cluster can be folded on its own and still compose correctly, and snippet() gets its offset map for
 * free. Hand-rolled because Intl.Segmenter costs about half a second on a 40 KB body.
 */
function forEachCluster(text: string, visit: (cluster: string, start: number) => void): void {
  let i = 0;
  while (i < text.length) {
    const start = i;
    let previous = text.codePointAt(i)!;
    let regionalIndicators = isRegionalIndicator(previous) ? 1 : 0;
    i += previous > 0xffff ? 2 : 1;
    while (i < text.length) {
      const next = text.codePointAt(i)!;
      if (!extendsCluster(previous, next, regionalIndicators)) break;
      if (isRegionalIndicator(next)) regionalIndicators++;
      previous = next;
      i += next > 0xffff ? 2 : 1;
    }
    visit(text.slice(start, i), start);
  }
}

/**
 * Folds one grapheme cluster. Hangul and kana take NFKC, not NFKD: NFKD would split syllables into jamo and
 * が into か + a combining mark, which the mark stripping would then turn into か.
 */
function foldCluster(cluster: string): string {
  const code = cluster.charCodeAt(0);
  if (cluster.length === 1 && code < 0x80) return cluster.toLowerCase();
  const base = String.fromCodePoint(cluster.codePointAt(0)!);
  if (CJK_CHAR.test(base)) return cluster.normalize('NFKC').replace(MARKS, '');
  if (LETTER.test(base) && !STRIP_MARKS_SCRIPT.test(base)) return cluster.normalize('NFKC').toLowerCase();
  // Marks are stripped before lower-casing so that İ becomes i and not i + combining dot.
  return cluster
    .normalize('NFKD')
    .replace(MARKS, '')
    .toLowerCase()
    .replace(SPECIAL_FOLD_CHARS, (ch) => SPECIAL_FOLDS[ch]);
}

/** Case- and accent-insensitive form shared by the index, the query and the snippet matcher. */
export function normalizeText(text: string): string {
  if (ASCII_ONLY.test(text)) return text.toLowerCase();
  let out = '';
  forEachCluster(text, (cluster) => {
    out += foldCluster(cluster);
  });
  return out;
}

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

interface FoldedBody {
  folded: string;
  /** For each UTF-16 index of `folded`, the grapheme cluster it came from. */
  owner: number[];
  /** Start offset in the original body of each cluster, plus the body length as a sentinel. */
  starts: number[];
  space: boolean[];
}

function foldWithOffsets(body: string): FoldedBody {
  const owner: number[] = [];
  const starts: number[] = [];
  const space: boolean[] = [];
  let folded = '';
  forEachCluster(body, (segment, index) => {
    const cluster = starts.length;
    const fold = foldCluster(segment);
    starts.push(index);
    space.push(WHITESPACE.test(segment));
    folded += fold;
    for (let k = 0; k < fold.length; k++) owner.push(cluster);
  });
  starts.push(body.length);
  return { folded, owner, starts, space };
}

interface Hit {
  /** Clusters [from, to). */
  from: number;
  to: number;
}

/** Matches must begin a word, as indexed tokens do: "art" is not highlighted inside "start". */
function startsWord(folded: string, at: number, token: string): boolean {
  if (at === 0 || CJK_CHAR.test(String.fromCodePoint(token.codePointAt(0)!))) return true;
  let before = at - 1;
  const unit = folded.charCodeAt(before);
  if (unit >= 0xdc00 && unit <= 0xdfff && before > 0) before--;
  const previous = String.fromCodePoint(folded.codePointAt(before)!);
  return !WORD_CHAR.test(previous) || CJK_CHAR.test(previous);
}

function findHits(body: FoldedBody, tokens: readonly string[]): Hit[] {
  const all: Hit[] = [];
  for (const token of tokens) {
    let from = 0;
    for (let at = body.folded.indexOf(token, from); at !== -1; at = body.folded.indexOf(token, from)) {
      if (startsWord(body.folded, at, token)) {
        // Widened to whole clusters: a match ending inside the "ss" of ß highlights the ß.
        all.push({ from: body.owner[at], to: body.owner[at + token.length - 1] + 1 });
        from = at + token.length;
      } else {
        from = at + 1;
      }
    }
  }
  all.sort((a, b) => a.from - b.from || b.to - a.to);
  const kept: Hit[] = [];
  for (const hit of all) if (kept.length === 0 || hit.from >= kept[kept.length - 1].to) kept.push(hit);
  return kept;
}

/**
 * A plain-text excerpt of `body` around the first match, with [start, end) UTF-16 offsets into `text` to
 * highlight. Matching is done on folded text but offsets point into the original, so "Élève" lights up for
 * "eleve". Returns no markup: the caller escapes and renders.
 */
export function snippet(
  body: string,
  highlight: string[],
  width = DEFAULT_SNIPPET_WIDTH,
): { text: string; highlights: Array<[start: number, end: number]> } {
  const size = Number.isFinite(width) ? Math.max(1, Math.floor(width)) : DEFAULT_SNIPPET_WIDTH;
  const folded = foldWithOffsets(body);
  const tokens = [...new Set(highlight.map((token) => normalizeText(token).trim()).filter((token) => token.length > 0))];
  const hits = findHits(folded, tokens);
  const count = folded.space.length;

  let start = 0;
  let end = count;
  if (count > size) {
    const first = hits[0];
    const anchorFrom = first ? first.from : 0;
    const anchorTo = first ? first.to : Math.min(1, count);
    if (first) {
      const room = Math.max(0, size - (first.to - first.from));
      start = Math.max(0, first.from - Math.floor(room / 2));
      end = Math.min(count, Math.max(start + size, first.to));
      if (end - start < size) start = Math.max(0, end - size);
    } else {
      end = size;
    }
    // Move cuts to word boundaries, but never so far that a text without spaces (CJK) loses much context.
    const slack = Math.max(1, Math.floor(size / 4));
    if (start > 0 && !folded.space[start - 1]) {
      let k = start;
      while (k < anchorFrom && k - start < slack && !folded.space[k]) k++;
      if (k < anchorFrom && folded.space[k]) start = k + 1;
    }
    if (start > 0) while (start < anchorFrom && folded.space[start]) start++;
    if (end < count && !folded.space[end]) {
      let k = end - 1;
      while (k >= anchorTo && end - k <= slack && !folded.space[k]) k--;
      if (k >= anchorTo && folded.space[k]) end = k;
    }
    if (end < count) while (end > anchorTo && folded.space[end - 1]) end--;
  }

  const from = folded.starts[start];
  const to = folded.starts[end];
  const lead = start > 0 ? ELLIPSIS : '';
  const text = lead + body.slice(from, to) + (end < count ? ELLIPSIS : '');
  const shift = lead.length - from;
  const highlights = hits
    .filter((hit) => hit.from >= start && hit.to <= end)
    .map((hit): [number, number] => [folded.starts[hit.from] + shift, folded.starts[hit.to] + shift]);
  return { text, highlights };
}
