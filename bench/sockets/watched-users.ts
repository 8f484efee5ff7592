import { DOMAIN, WATCH_PER_SOCKET, WATCHED_USERS } from './settings';

// Shared by the driver and the client processes: who is watched, by which socket, and what a change carries.

export function watchedJid(j: number): string {
  return `w${j}@${DOMAIN}`;
}

/** The users socket i watches: WATCH_PER_SOCKET distinct ones, the same in every process (a seeded xorshift). */
export function watchList(i: number): number[] {
  let x = (Math.imul(i + 1, 2654435761) ^ 0x9e3779b9) >>> 0 || 1;
  const picked = new Set<number>();
  while (picked.size < WATCH_PER_SOCKET) {
    x ^= x << 13;
    x >>>= 0;
    x ^= x >>> 17;
    x ^= x << 5;
    x >>>= 0;
    picked.add(x % WATCHED_USERS);
  }
  return [...picked];
}

/** `status` of a benchmark presence: b|<change number>|<ms since epoch when the change was made>. */
export function parseStatus(status: string | undefined): { seq: number; sentAt: number } | undefined {
  if (!status?.startsWith('b|')) return undefined;
  const [, seq, sentAt] = status.split('|');
  return { seq: Number(seq), sentAt: Number(sentAt) };
}
