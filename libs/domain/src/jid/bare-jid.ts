import { jid as parseJid } from '@xmpp/jid';
import { describeNonXmlCharacter } from '../xml/xml-characters';

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

/** Parses any JID (bare or full) and returns its bare form, or throws InvalidJidError. */
export function toBareJid(input: string): BareJid {
  if (typeof input !== 'string' || input.length === 0) throw new InvalidJidError(String(input), 'empty');
  if (input.length > 3071) throw new InvalidJidError(input, 'longer than 3071 characters');
  const nonXml = describeNonXmlCharacter(input);
  if (nonXml) throw new InvalidJidError(input, `${nonXml} is not a character XML can carry`);
  // Checked on the raw text: @xmpp/jid would silently XEP-0106-escape characters a user cannot have typed.
  const bare = input.split('/')[0];
  const at = bare.lastIndexOf('@');
  if (at === 0) throw new InvalidJidError(input, 'empty localpart');
  if (at > 0 && FORBIDDEN_LOCAL.test(bare.slice(0, at))) throw new InvalidJidError(input, 'the localpart has forbidden characters');
  let parsed;
  try {
    parsed = parseJid(input);
  } catch (error) {
    throw new InvalidJidError(input, (error as Error).message);
  }
  const local = parsed.getLocal();
  const domain = parsed.getDomain();
  if (!domain) throw new InvalidJidError(input, 'no domain');
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
