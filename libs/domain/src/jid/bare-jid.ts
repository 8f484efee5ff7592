import { describeNonXmlCharacter } from '../xml/xml-characters';
import { splitJid } from './jid';

/** A bare JID (local@domain) in canonical lower case: the identity of a person across XMPP and the web. */
export type BareJid = string & { readonly __brand: 'BareJid' };

export class InvalidJidError extends Error {
  constructor(input: string, reason: string) {
    super(`invalid JID ${JSON.stringify(input.slice(0, 100))}: ${reason}`);
    this.name = 'InvalidJidError';
  }
}

// RFC 7622 forbids these in the localpart; rejecting them early keeps hostile input out of keys and queries.
const FORBIDDEN_LOCAL = /["&'/:<>@\s\u0000-\u001f\u007f]/u;
const MAX_PART = 1023;
/** The XEP-0106 §4 escape sequences. */
const ESCAPES = ['\\20', '\\22', '\\26', '\\27', '\\2f', '\\3a', '\\3c', '\\3e', '\\40', '\\5c'];

/** Parses any JID (bare or full) and returns its bare form, or throws InvalidJidError. */
export function toBareJid(input: string): BareJid {
  if (typeof input !== 'string' || input.length === 0) throw new InvalidJidError(String(input), 'empty');
  if (input.length > 3071) throw new InvalidJidError(input, 'longer than 3071 characters');
  const nonXml = describeNonXmlCharacter(input);
  if (nonXml) throw new InvalidJidError(input, `${nonXml} is not a character XML can carry`);
  const parts = splitJid(input);
  // Refused rather than XEP-0106-escaped: a user cannot have typed them (a second '@' leaves one in the domain).
  if (parts.bare.startsWith('@') && !parts.domain.includes('@')) throw new InvalidJidError(input, 'empty localpart');
  if (FORBIDDEN_LOCAL.test(parts.local) || parts.domain.includes('@')) throw new InvalidJidError(input, 'the localpart has forbidden characters');
  if (!parts.domain) throw new InvalidJidError(input, 'Invalid domain.');
  const local = canonicalLocal(parts.local);
  const domain = parts.domain.toLowerCase();
  if (domain.length > MAX_PART || local.length > MAX_PART) throw new InvalidJidError(input, 'a part is too long');
  if (/[\s/@<>"']/u.test(domain)) throw new InvalidJidError(input, 'the domain has forbidden characters');
  return (local ? `${local}@${domain}` : domain) as BareJid;
}

export function isBareJid(input: string): input is BareJid {
  try {
    return toBareJid(input) === input;
  } catch {
    return false;
  }
}

/**
 * Lower case; and a backslash that starts none of the escape sequences makes every backslash `\5c`. This is the
 * form @xmpp/jid gave every JID stored so far (message and member keys are derived from it), so it must not change.
 */
function canonicalLocal(local: string): string {
  const unescaped = ESCAPES.reduce((rest, escape) => rest.replaceAll(escape, ''), local);
  return (unescaped.includes('\\') ? local.replaceAll('\\', '\\5c') : local).toLowerCase();
}
