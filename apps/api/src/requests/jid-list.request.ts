import { type BareJid, InvalidJidError, toBareJid } from '@chat/domain';

export const MAX_WATCHED = 500;

export class BadRequest extends Error {}

/** `{ jids: string[] }`, each a bare JID of a person: the users whose badges a socket watches. */
export function parseJidList(body: unknown): BareJid[] {
  const jids = (body as { jids?: unknown } | null)?.jids;
  if (!Array.isArray(jids) || jids.length === 0) throw new BadRequest('jids must be a non-empty array of JIDs');
  if (jids.length > MAX_WATCHED) throw new BadRequest(`at most ${MAX_WATCHED} jids at once`);
  return [
    ...new Set(
      jids.map((value) => {
        if (typeof value !== 'string') throw new BadRequest('every jid must be a string');
        try {
          const jid = toBareJid(value);
          if (!jid.includes('@') || jid !== toBareJid(jid.split('/')[0])) throw new BadRequest(`${value} is not a user JID`);
          return jid;
        } catch (error) {
          if (error instanceof InvalidJidError) throw new BadRequest(error.message);
          throw error;
        }
      }),
    ),
  ];
}

/** What a socket acknowledgement carries when a request is refused. */
export function refusal(error: unknown): { error: string; message: string } {
  if (error instanceof BadRequest) return { error: 'bad-request', message: error.message };
  return { error: 'internal', message: 'the request could not be served' };
}
