import { indexTerms } from './search-terms';
import { normalizeText } from './text-folding';

describe('normalizeText', () => {
  it.each([
    ['Réunion À L’ÉCOLE', 'reunion a l’ecole'],
    ['Straße', 'strasse'],
    ['STRAẞE', 'strasse'],
    ['ß', 'ss'],
    ['Æther Œuvre Øre', 'aether oeuvre ore'],
    ['Đorđe Łódź', 'dorde lodz'],
    ['ıİ', 'ii'],
    ['Þór Ðóttir', 'thor dottir'],
    ['ﬁle', 'file'],
    ['ＡＢＣ１２３', 'abc123'],
    ['ΟΔΥΣΣΕΥΣ', 'οδυσσευσ'],
    ['Οδυσσεύς', 'οδυσσευσ'],
    ['Ёлка', 'елка'],
  ])('folds %j to %j', (input, expected) => {
    expect(normalizeText(input)).toBe(expected);
  });

  it('keeps Hangul syllables composed, also when they arrive as conjoining jamo', () => {
    expect(normalizeText('한국어')).toBe('한국어');
    expect(normalizeText('\u1112\u1161\u11ab')).toBe('한');
  });

  it('keeps voiced kana and turns half-width katakana into composed full-width', () => {
    expect(normalizeText('がぎぐ パン')).toBe('がぎぐ パン');
    expect(normalizeText('ｶﾞｲﾄﾞ')).toBe('ガイド');
    expect(normalizeText('か\u3099')).toBe('が');
  });

  it('keeps the vowel signs of scripts where marks are letters', () => {
    expect(normalizeText('नमस्ते')).toBe('नमस्ते');
  });

  it('leaves emoji sequences alone', () => {
    expect(normalizeText('👨‍👩‍👧 🇫🇷 👍🏽')).toBe('👨‍👩‍👧 🇫🇷 👍🏽');
    expect(indexTerms('👨‍👩‍👧 🇫🇷 👍🏽')).toEqual({ terms: [], prefixes: [] });
  });

  it('is idempotent', () => {
    const text = 'Réunion ß ｶﾞｲﾄﾞ 한국어 ﬁ İstanbul';
    expect(normalizeText(normalizeText(text))).toBe(normalizeText(text));
  });
});
