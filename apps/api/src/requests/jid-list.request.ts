import { type BareJid, InvalidJidError, splitJid, toBareJid } from '@chat/domain';
import { RequestRefused } from './request-refused';

export const MAX_WATCHED = 500;

/** A JID from input; an invalid one is refused as a bad request naming the field. */
export function parseJid(value: string, field?: string): BareJid {
  try {
    return toBareJid(value);
  } catch (error) {
    if (error instanceof InvalidJidError) throw new RequestRefused('bad-request', field ? `${field}: ${error.message}` : error.message);
    throw error;
  }
}

/** `{ jids: string[] }`, each a bare JID of a person: the users whose badges a socket watches. */
export function parseJidList(body: unknown): BareJid[] {
  const jids = (body as { jids?: unknown } | null)?.jids;
  if (!Array.isArray(jids) || jids.length === 0) throw new RequestRefused('bad-request', 'jids must be a non-empty array of JIDs');
  if (jids.length > MAX_WATCHED) throw new RequestRefused('bad-request', `at most ${MAX_WATCHED} jids at once`);
  return [
    ...new Set(
      jids.map((value) => {
        if (typeof value !== 'string') throw new RequestRefused('bad-request', 'every jid must be a string');
        const jid = parseJid(value);
        if (!splitJid(jid).local) throw new RequestRefused('bad-request', `${value} is not a user JID`);
        return jid;
      }),
    ),
  ];
}
