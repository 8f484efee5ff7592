/**
 * XML 1.0 §2.2 allows only #x9, #xA, #xD, #x20-#xD7FF, #xE000-#xFFFD and #x10000-#x10FFFF in a document. A stanza
 * carrying anything else (U+0000, most C0 controls, U+FFFE, U+FFFF, a lone surrogate) is not well-formed, and
 * ejabberd answers it by closing the whole stream (RFC 6120 §4.9.3.13 `not-well-formed`), so such text must be
 * refused before it ever becomes XML. No escaping can carry these characters: XML has no representation for them.
 */
const NOT_XML_CHAR = /[^\u0009\u000A\u000D\u0020-\uD7FF\uE000-\uFFFD\u{10000}-\u{10FFFF}]/u;

/** Where the first character XML 1.0 cannot carry is, or -1 when the text is fine. */
export function firstNonXmlCharacter(text: string): number {
  const match = NOT_XML_CHAR.exec(text);
  return match ? match.index : -1;
}

export function isXmlText(text: string): boolean {
  return !NOT_XML_CHAR.test(text);
}

/** A readable name for the offending character, for error messages (never the surrounding text). */
export function describeNonXmlCharacter(text: string): string | undefined {
  const at = firstNonXmlCharacter(text);
  if (at < 0) return undefined;
  const code = text.codePointAt(at)!;
  return `U+${code.toString(16).toUpperCase().padStart(4, '0')} at position ${at}`;
}
