import { ChatSession } from './chat-session';
import { type TokenProvider, TokenSource } from './token-source';

interface Shared {
  session: ChatSession;
  users: number;
  closing?: ReturnType<typeof setTimeout>;
}

/** Sessions by service, then by token or token provider: every element with the same pair shares one socket. */
const sessions = new Map<string, Map<string | TokenProvider, Shared>>();
const owners = new WeakMap<ChatSession, { service: string; credential: string | TokenProvider }>();

// An element moved in the page is removed and added again: its socket survives the move.
const CLOSE_DELAY_MS = 1000;

export function acquireSession(service: string, credential: string | TokenProvider): ChatSession {
  const key = normalize(service);
  let byCredential = sessions.get(key);
  if (!byCredential) sessions.set(key, (byCredential = new Map()));
  let shared = byCredential.get(credential);
  if (!shared) {
    shared = { session: new ChatSession(key, new TokenSource(credential)), users: 0 };
    byCredential.set(credential, shared);
    owners.set(shared.session, { service: key, credential });
  }
  clearTimeout(shared.closing);
  shared.users++;
  return shared.session;
}

export function releaseSession(session: ChatSession): void {
  const owner = owners.get(session);
  if (!owner) return;
  const byCredential = sessions.get(owner.service);
  const shared = byCredential?.get(owner.credential);
  if (!byCredential || !shared || --shared.users > 0) return;
  shared.closing = setTimeout(() => {
    if (shared.users > 0) return;
    byCredential.delete(owner.credential);
    shared.session.close();
  }, CLOSE_DELAY_MS);
}

function normalize(service: string): string {
  return new URL(service, location.href).href.replace(/\/+$/, '');
}
