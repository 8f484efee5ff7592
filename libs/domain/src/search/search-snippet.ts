import { CJK_CHAR, foldCluster, forEachCluster, normalizeText } from './text-folding';

const DEFAULT_SNIPPET_WIDTH = 160;
const ELLIPSIS = '\u2026';
const WORD_CHAR = /[\p{L}\p{N}\p{M}]/u;
const WHITESPACE = /^\s+$/u;

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
export function snippet(body: string, highlight: string[], width = DEFAULT_SNIPPET_WIDTH): { text: string; highlights: Array<[start: number, end: number]> } {
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
  const highlights = hits.filter((hit) => hit.from >= start && hit.to <= end).map((hit): [number, number] => [folded.starts[hit.from] + shift, folded.starts[hit.to] + shift]);
  return { text, highlights };
}
