import { SEARCH_LIMITS } from './search-limits';
import { indexTerms, parseSearchQuery, type SearchQuery } from './search-terms';

function parsed(query: string): SearchQuery {
  const result = parseSearchQuery(query);
  if ('error' in result) throw new Error(`unexpected error for ${JSON.stringify(query)}: ${result.error}`);
  return result;
}

/** What the repository does with equality lookups on the two multikey fields. */
function matches(text: string, query: string): boolean {
  const { terms, prefixes } = indexTerms(text);
  const q = parsed(query);
  return q.terms.every((term) => terms.includes(term)) && (q.prefix === undefined || prefixes.includes(q.prefix) || terms.includes(q.prefix));
}

describe('indexTerms', () => {
  it('splits on apostrophes and hyphens', () => {
    expect(indexTerms("l'été e-mail").terms).toEqual(['l', 'ete', 'e', 'mail']);
  });

  it('splits mixed scripts at each switch and indexes CJK as unigrams and bigrams', () => {
    expect(indexTerms('ABC한국어123').terms).toEqual(['abc', '한', '한국', '국', '국어', '어', '123']);
  });

  it('indexes a lone CJK character as its unigram', () => {
    expect(indexTerms('猫 cat').terms).toEqual(['猫', 'cat']);
  });

  it('keeps katakana words with the prolonged sound mark in one run', () => {
    expect(indexTerms('コーヒー').terms).toEqual(['コ', 'コー', 'ー', 'ーヒ', 'ヒ', 'ヒー']);
  });

  it('indexes prefixes of 2 to 20 characters of non-CJK tokens only, deduplicated', () => {
    const { prefixes } = indexTerms('Réunion réunion 会議 a');
    expect(prefixes).toEqual(['re', 'reu', 'reun', 'reuni', 'reunio', 'reunion']);
    const long = indexTerms('internationalisations').prefixes;
    expect(long).toHaveLength(SEARCH_LIMITS.maxPrefixLength - 1);
    expect(long.at(-1)).toBe('internationalisation');
  });

  it('truncates tokens at 64 characters', () => {
    const { terms } = indexTerms('x'.repeat(100));
    expect(terms).toEqual(['x'.repeat(64)]);
  });

  it('caps terms at 2000 and prefixes at 4000 for a huge hostile body, keeping the first ones', () => {
    const words = Array.from({ length: 5000 }, (_, i) => `w${i.toString(36).padStart(6, '0')}`);
    const body = words.join(' ');
    expect(body.length).toBeGreaterThan(32_000);
    const { terms, prefixes } = indexTerms(body);
    expect(terms).toHaveLength(2000);
    expect(terms[0]).toBe(words[0]);
    expect(terms.at(-1)).toBe(words[1999]);
    expect(prefixes).toHaveLength(4000);
    expect(prefixes[0]).toBe('w0');
    expect(new Set(prefixes).size).toBe(4000);
  });

  it('caps CJK bigrams as well', () => {
    const body = Array.from({ length: 20_000 }, (_, i) => String.fromCodePoint(0x4e00 + i)).join('');
    const { terms, prefixes } = indexTerms(body);
    expect(terms).toHaveLength(2000);
    expect(prefixes).toHaveLength(0);
  });
});

describe('parseSearchQuery', () => {
  it('makes the last word a prefix and the others exact terms', () => {
    expect(parseSearchQuery('Réunion ÉCOL')).toEqual({ terms: ['reunion'], prefix: 'ecol', highlight: ['reunion', 'ecol'] });
  });

  it('makes the last word exact when the query ends with a space or punctuation', () => {
    expect(parseSearchQuery('reunion ecole ')).toEqual({ terms: ['reunion', 'ecole'], highlight: ['reunion', 'ecole'] });
    expect(parseSearchQuery('"reunion"')).toEqual({ terms: ['reunion'], highlight: ['reunion'] });
  });

  it('turns a CJK run into required bigrams, and highlights the run', () => {
    expect(parseSearchQuery('한국어')).toEqual({ terms: ['한국', '국어'], highlight: ['한국어'] });
    expect(parseSearchQuery('会')).toEqual({ terms: ['会'], highlight: ['会'] });
    expect(parseSearchQuery('ABC한국어123')).toEqual({ terms: ['abc', '한국', '국어'], prefix: '123', highlight: ['abc', '한국어', '123'] });
  });

  it('folds ß in the query', () => {
    expect(parseSearchQuery('Straße')).toEqual({ terms: [], prefix: 'strasse', highlight: ['strasse'] });
  });

  it('drops a one-letter trailing prefix but refuses a one-letter query', () => {
    expect(parseSearchQuery('reunion a')).toEqual({ terms: ['reunion'], highlight: ['reunion'] });
    expect(parseSearchQuery('a')).toEqual({ error: 'query too short' });
  });

  it('cuts a prefix longer than the indexed prefixes to 20 characters', () => {
    expect(parsed('internationalisatio').prefix).toBe('internationalisatio');
    expect(parsed('internationalisations').prefix).toBe('internationalisation');
  });

  it.each(['', '   ', "'-!?… ", '\u0301'])('refuses %j as empty', (query) => {
    expect(parseSearchQuery(query)).toEqual({ error: 'query is empty' });
  });

  it('refuses a query longer than 256 characters', () => {
    expect(parseSearchQuery('a'.repeat(257))).toEqual({ error: 'query too long' });
    expect('error' in parseSearchQuery('ab '.repeat(85))).toBe(false);
  });

  it('refuses more than 16 required terms', () => {
    const words = Array.from({ length: 17 }, (_, i) => `word${String.fromCharCode(97 + i)}`);
    expect(parseSearchQuery(words.slice(0, 16).join(' ') + ' last')).toEqual(expect.objectContaining({ prefix: 'last' }));
    expect(parseSearchQuery(words.join(' ') + ' ')).toEqual({ error: 'too many terms' });
    expect(parseSearchQuery('一二三四五六七八九十百千万亿兆京垓秭')).toEqual({ error: 'too many terms' });
  });
});

describe('matching through terms and prefixes', () => {
  const french = "Réunion à l'école demain";

  it.each(['reunion ecole', 'RÉUNION', 'réu', 'ecol', 'l ecole', 'demain reunion'])('finds the French message with %j', (query) => {
    expect(matches(french, query)).toBe(true);
  });

  it.each(['reunions demain', 'reu demain', 'ecoles demain', 'reunion ecoles '])('does not find it with %j', (query) => {
    expect(matches(french, query)).toBe(false);
  });

  it.each(['strasse', 'STRASSE', 'Straße', 'stras', 'strasse '])('finds "Straße" with %j', (query) => {
    expect(matches('Die Straße ist gesperrt', query)).toBe(true);
  });

  it('finds "Strasse" with "straße"', () => {
    expect(matches('Strasse', 'straße ')).toBe(true);
  });

  it.each(['회의', '국어', '한국어로', '진행', '오늘 회의'])('finds the Korean message with %j', (query) => {
    expect(matches('오늘 회의는 한국어로 진행합니다', query)).toBe(true);
  });

  it.each(['会議', '予約', '会議室', '会', 'の'])('finds the Japanese message with %j', (query) => {
    expect(matches('会議室の予約', query)).toBe(true);
  });

  it('finds the Chinese message by a word and by a single character', () => {
    expect(matches('我们明天开会', '明天')).toBe(true);
    expect(matches('我们明天开会', '会')).toBe(true);
    expect(matches('我们明天开会', '明会')).toBe(false);
  });

  it('finds kana typed in half-width form', () => {
    expect(matches('ガイドを読んで', 'ｶﾞｲﾄﾞ')).toBe(true);
    expect(matches('ガイドを読んで', 'カイド')).toBe(false);
  });
});
