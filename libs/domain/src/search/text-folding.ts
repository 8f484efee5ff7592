/**
 * Folding for search: case, accents and compatibility forms, one grapheme cluster at a time, so that the index, the
 * query and the snippet matcher (search-terms.ts, search-snippet.ts) compare the very same forms.
 */

// Scripts written without spaces: indexed as character bigrams. Script_Extensions, not Script, so that the
// prolonged sound mark (ー) and the iteration mark (々) stay inside their katakana / kanji runs.
export const CJK_CHAR = /(?=[\p{L}\p{N}])[\p{scx=Hani}\p{scx=Hira}\p{scx=Kana}\p{scx=Hang}]/u;
// Scripts whose combining marks are optional diacritics: stripping them is what users expect of a search.
// Elsewhere (Devanagari, Thai, …) marks are vowels and viramas, and stripping them would merge words.
const STRIP_MARKS_SCRIPT = /[\p{scx=Latn}\p{scx=Grek}\p{scx=Cyrl}\p{scx=Arab}\p{scx=Hebr}\p{scx=Armn}\p{scx=Geor}]/u;
const LETTER = /\p{L}/u;
const MARKS = /\p{M}/gu;

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
export function forEachCluster(text: string, visit: (cluster: string, start: number) => void): void {
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
export function foldCluster(cluster: string): string {
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
