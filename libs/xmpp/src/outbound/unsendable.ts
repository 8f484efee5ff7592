import type { Element } from '@xmpp/xml';
import { describeNonXmlCharacter } from '@chat/domain';

/**
 * Why the server would refuse this stanza by closing the whole stream, or undefined when it can go out: a
 * character XML 1.0 cannot carry (ejabberd answers `not-well-formed`, RFC 6120 §4.9.3.13) anywhere in it, or more
 * bytes than the component listener's `max_stanza_size` (`policy-violation`, §4.9.3.14). Checked on the element as
 * it will be written, so every field of every kind of stanza is covered. Names the place, never the text.
 */
export function unsendableReason(stanza: Element, maxBytes: number): string | undefined {
  const found = nonXmlCharacterIn(stanza);
  if (found) return found;
  const bytes = Buffer.byteLength(stanza.toString(), 'utf8');
  if (bytes > maxBytes) return `the stanza would be ${bytes} bytes, more than the server accepts (${maxBytes})`;
  return undefined;
}

function nonXmlCharacterIn(element: Element): string | undefined {
  for (const [name, value] of Object.entries(element.attrs)) {
    const problem = typeof value === 'string' ? describeNonXmlCharacter(value) : undefined;
    if (problem) return `the ${name} attribute of <${element.name}> holds ${problem}, which XML cannot carry`;
  }
  for (const child of element.children) {
    if (typeof child === 'string') {
      const problem = describeNonXmlCharacter(child);
      if (problem) return `the text of <${element.name}> holds ${problem}, which XML cannot carry`;
    } else {
      const found = nonXmlCharacterIn(child);
      if (found) return found;
    }
  }
  return undefined;
}
