import { describeNonXmlCharacter, firstNonXmlCharacter, isXmlText } from './xml-characters';

describe('XML 1.0 characters', () => {
  it.each([
    ['U+0000', 'x a\u0000b'],
    ['U+0001', '\u0001'],
    ['U+0008', 'a\u0008'],
    ['U+000B', '\u000B'],
    ['U+000C', '\u000C'],
    ['U+000E', '\u000E'],
    ['U+001F', '\u001F'],
    ['U+FFFE', '\uFFFE'],
    ['U+FFFF', '\uFFFF'],
    ['a lone high surrogate', 'a\uD83D'],
    ['a lone low surrogate', '\uDE00b'],
    ['a reversed pair', '\uDE00\uD83D'],
  ])('refuses %s', (_name, text) => {
    expect(isXmlText(text)).toBe(false);
    expect(firstNonXmlCharacter(text)).toBeGreaterThanOrEqual(0);
  });

  it.each([
    ['tab, newline and carriage return', 'a\tb\nc\rd'],
    ['markup, which escaping carries', '<b>&amp;</b> "quoted" \'single\''],
    ['Korean, Japanese, Chinese', '안녕하세요 こんにちは 你好'],
    ['an emoji (a surrogate pair)', 'ok 👍🏽'],
    ['the last BMP character allowed', '\uFFFD'],
    ['a private-use character', '\uE000'],
    ['the empty string', ''],
  ])('accepts %s', (_name, text) => {
    expect(isXmlText(text)).toBe(true);
    expect(describeNonXmlCharacter(text)).toBeUndefined();
  });

  it('names the character and its position, not the text', () => {
    expect(describeNonXmlCharacter('x a\u0000b')).toBe('U+0000 at position 3');
    expect(describeNonXmlCharacter('ab\uD83D')).toBe('U+D83D at position 2');
  });
});
