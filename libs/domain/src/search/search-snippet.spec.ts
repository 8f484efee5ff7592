import { parseSearchQuery, type SearchQuery } from './search-terms';
import { snippet } from './search-snippet';

function parsed(query: string): SearchQuery {
  const result = parseSearchQuery(query);
  if ('error' in result) throw new Error(`unexpected error for ${JSON.stringify(query)}: ${result.error}`);
  return result;
}

/** The highlighted substrings, which is what a reader of the snippet sees. */
function highlighted(result: { text: string; highlights: Array<[number, number]> }): string[] {
  return result.highlights.map(([start, end]) => result.text.slice(start, end));
}

describe('snippet', () => {
  it('highlights the original accented text for a folded query', () => {
    const result = snippet('Une Élève arrive', parsed('eleve ').highlight);
    expect(result.text).toBe('Une Élève arrive');
    expect(result.highlights).toEqual([[4, 9]]);
  });

  it('maps ß to ss and back', () => {
    expect(highlighted(snippet('Die Straße ist zu', ['strasse']))).toEqual(['Straße']);
    expect(highlighted(snippet('Die Strasse ist zu', parsed('Straße').highlight))).toEqual(['Strasse']);
    // A prefix ending inside the "ss" of ß highlights the whole ß.
    expect(highlighted(snippet('Die Straße ist zu', ['stras']))).toEqual(['Straß']);
  });

  it('highlights only the prefix part, every occurrence, sorted, at word starts only', () => {
    const result = snippet("Réunion demain; les réunions à l'école et au restaurant", parsed('ecole reu').highlight);
    expect(result.highlights).toEqual([
      [0, 3],
      [20, 23],
      [33, 38],
    ]);
    expect(highlighted(result)).toEqual(['Réu', 'réu', 'école']);
  });

  it('highlights CJK runs inside longer runs', () => {
    expect(highlighted(snippet('오늘 회의는 한국어로 진행합니다', ['회의', '국어']))).toEqual(['회의', '국어']);
  });

  it('cuts a window on whitespace around the first hit, with ellipses and shifted offsets', () => {
    const before = 'lorem ipsum dolor sit amet '.repeat(10);
    const after = ' consectetur adipiscing elit sed do'.repeat(10);
    const body = `${before}Élève Straße${after}`;
    const result = snippet(body, ['eleve', 'strasse'], 60);
    expect(result.text.startsWith('…')).toBe(true);
    expect(result.text.endsWith('…')).toBe(true);
    expect(result.text[1]).not.toBe(' ');
    expect(result.text.at(-2)).not.toBe(' ');
    expect(result.text.length).toBeLessThanOrEqual(62);
    expect(body).toContain(result.text.slice(1, -1));
    expect(body.indexOf(result.text.slice(1, -1)) > 0 && /\s/.test(body[body.indexOf(result.text.slice(1, -1)) - 1])).toBe(true);
    expect(highlighted(result)).toEqual(['Élève', 'Straße']);
    const [[start]] = result.highlights;
    expect(start).toBeGreaterThan(1);
  });

  it('does not add an ellipsis on a side that is not cut', () => {
    const body = `Élève ${'mot '.repeat(100)}`;
    const result = snippet(body, ['eleve'], 40);
    expect(result.text.startsWith('Élève')).toBe(true);
    expect(result.text.endsWith('…')).toBe(true);
    expect(result.highlights).toEqual([[0, 5]]);
  });

  it('leaves out highlights that fall outside the window', () => {
    const body = `Straße ${'x '.repeat(200)}Straße`;
    const result = snippet(body, ['strasse'], 40);
    expect(result.highlights).toEqual([[0, 6]]);
  });

  it('returns the start of the body when nothing matches', () => {
    const result = snippet('word '.repeat(100), ['absent'], 30);
    expect(result.highlights).toEqual([]);
    expect(result.text.startsWith('word')).toBe(true);
    expect(result.text.endsWith('word…')).toBe(true);
  });

  it('returns plain text: markup in the body is left to the caller to escape', () => {
    const result = snippet('<b>Élève</b>', ['eleve']);
    expect(result.text).toBe('<b>Élève</b>');
    expect(highlighted(result)).toEqual(['Élève']);
  });

  it('never cuts the window inside a surrogate pair or an emoji sequence', () => {
    const body = `${'👨‍👩‍👧🇫🇷'.repeat(40)}élève${'😀'.repeat(40)}`;
    const result = snippet(body, ['eleve'], 11);
    // 11 user-perceived characters: three before the hit, three after, each emoji sequence counted as one.
    expect(result.text).toBe(`…🇫🇷👨‍👩‍👧🇫🇷élève${'😀'.repeat(3)}…`);
    expect(highlighted(result)).toEqual(['élève']);
  });

  it('keeps surrogate pairs and combining sequences whole', () => {
    const body = `😀 e\u0301le\u0300ve 😀`;
    const result = snippet(body, ['eleve']);
    expect(highlighted(result)).toEqual(['e\u0301le\u0300ve']);
  });
});
