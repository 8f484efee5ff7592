import { type BareJid, InvalidJidError, toBareJid } from '@chat/domain';
import { RequestRefused } from './request-refused';

export const MAX_WATCHED = 500;


/** `{ jids: string[] }`, each a bare JID of a person: the users whose badges a socket watches. */
export function parseJidList(body: unknown): BareJid[] {
  const jids = (body as { jids?: unknown } | null)?.jids;
  if (!Array.isArray(jids) || jids.length === 0) throw new RequestRefused('bad-request', 'jids must be a non-empty array of JIDs');
  if (jids.length > MAX_WATCHED) throw new RequestRefused('bad-request', `at most ${MAX_WATCHED} jids at once`);
  return [
    ...new Set(
      jids.map((value) => {
        if (typeof value !== 'string') throw new RequestRefused('bad-request', 'every jid must be a string');
        try {
          const jid = toBareJid(value);
          if (!jid.includes('@') || jid !== toBareJid(jid.split('/')[0])) throw new RequestRefused('bad-request', `${value} is not a user JID`);
          return jid;
        } catch (error) {
          if (error instanceof InvalidJidError) throw new RequestRefused('bad-request', error.message);
          throw error;
        }
      }),
    ),
  ];
}
