/**
 * A JID's parts, found the way RFC 7622 §3.2 finds the domainpart: the resourcepart runs from the first '/' to the
 * end, so it may itself hold '/' and '@' (a room nick, a client's resource); the localpart is what comes before the
 * first '@' ahead of it. Splitting changes nothing: case, escaping and validity are `toBareJid`'s.
 */
export interface JidParts {
  /** '' when there is none (a server, a component, a MUC service). */
  readonly local: string;
  readonly domain: string;
  /** '' when there is none. */
  readonly resource: string;
  /** Everything before the resource: `local@domain`, or the domain alone. */
  readonly bare: string;
  /** The JID as given. */
  readonly full: string;
}

export function splitJid(jid: string): JidParts {
  const slash = jid.indexOf('/');
  const bare = slash === -1 ? jid : jid.slice(0, slash);
  const at = bare.indexOf('@');
  return {
    local: at === -1 ? '' : bare.slice(0, at),
    domain: at === -1 ? bare : bare.slice(at + 1),
    resource: slash === -1 ? '' : jid.slice(slash + 1),
    bare,
    full: jid,
  };
}
