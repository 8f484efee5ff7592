import type { Collection } from 'mongodb';
import { WATCHED_USERS } from './settings';
import { watchedJid } from './watched-users';

/** A benchmark badge: change `seq` made at `sentAt`, its time carried in `status` (b|<change>|<ms>). */
export function badge(seq: number, sentAt: number) {
  const show = seq % 2 === 0 ? 'away' : 'available';
  const status = `b|${seq}|${sentAt}`;
  // The shape PresenceRepository.saveMany writes.
  return { state: show, status, resources: [{ resource: 'bench', show, status, priority: 0, since: new Date(sentAt) }], updatedAt: new Date(sentAt) };
}

/** Every watched user online first, so a watch is answered with a real badge. */
export async function seedWatchedUsers(presences: Collection<{ _id: string }>): Promise<void> {
  for (let j = 0; j < WATCHED_USERS; j += 500) {
    await presences.bulkWrite(
      Array.from({ length: Math.min(500, WATCHED_USERS - j) }, (_, k) => ({
        replaceOne: { filter: { _id: watchedJid(j + k) }, replacement: { ...badge(-1, Date.now()), status: 'seed' }, upsert: true },
      })),
      { ordered: false },
    );
  }
}
