import type { Activity, BareJid, UserPresence } from '@chat/domain';
import type { ActivityRepository, PresenceRepository } from '@chat/persistence';
import type { Positioned, SessionSnapshot } from './journal-batch';
import { PresenceMirror } from './presence-mirror.service';

/** In-memory stand-ins for the two repositories: the mirror's rules are what is under test here. */
function mirrorWithStore() {
  const store = new Map<BareJid, UserPresence>();
  const activities: Activity[] = [];
  const presences = {
    findMany: async (jids: string[]) => new Map([...store].filter(([jid]) => jids.includes(jid))),
    findOnline: async () => [...store.values()].filter((p) => p.state !== 'offline'),
    saveMany: async (list: UserPresence[]) => list.forEach((p) => store.set(p.jid, p)),
  } as unknown as PresenceRepository;
  const activityRepository = {
    appendMany: async (list: Activity[]) => {
      activities.push(...list);
      return new Set(list.map((a) => a.id));
    },
  } as unknown as ActivityRepository;
  return { mirror: new PresenceMirror(presences, activityRepository), store, activities };
}

const alice = 'alice@localhost' as BareJid;
const t = (s: number) => new Date(Date.UTC(2026, 10, 23, 10, 0, s));
const presence = (resource: string, s: number, extra: object = {}): Positioned<never> =>
  ({ event: { kind: 'presence', jid: alice, resource, available: true, priority: 0, at: t(s), ...extra }, position: `p${s}` }) as never;
const snapshot = (s: number, jids: string[]): Positioned<SessionSnapshot> => ({
  event: { takenAt: t(s), sessions: jids.map((jid) => ({ jid, show: 'available', priority: 0 })) },
  position: `p${s}`,
});

describe('PresenceMirror', () => {
  it('reports a badge change once, not every resource coming and going under it', async () => {
    const { mirror, store, activities } = mirrorWithStore();
    expect(await mirror.apply([presence('desk', 1, { show: 'away', status: 'lunch', priority: 5 })])).toEqual([alice]);
    expect(await mirror.apply([presence('phone', 2)])).toEqual([]);
    expect(store.get(alice)).toMatchObject({ state: 'away', status: 'lunch' });
    expect(store.get(alice)?.resources).toHaveLength(2);
    expect(activities).toHaveLength(1);
  });

  it('marks resources missing from ejabberd session list offline, with last seen at the snapshot', async () => {
    const { mirror, store } = mirrorWithStore();
    await mirror.apply([presence('desk', 1), presence('phone', 2)]);
    expect(await mirror.apply([snapshot(10, ['alice@localhost/desk'])])).toEqual([]);
    expect(store.get(alice)?.resources.map((r) => r.resource)).toEqual(['desk']);
    expect(await mirror.apply([snapshot(20, [])])).toEqual([alice]);
    expect(store.get(alice)).toMatchObject({ state: 'offline', lastSeen: t(20), resources: [] });
  });

  it('counts a connected session that announced "unavailable" as gone', async () => {
    const { mirror, store } = mirrorWithStore();
    await mirror.apply([presence('desk', 1)]);
    const connectedButUnavailable = snapshot(10, []);
    connectedButUnavailable.event.sessions.push({ jid: 'alice@localhost/desk', show: 'unavailable', priority: -1 });
    expect(await mirror.apply([connectedButUnavailable])).toEqual([alice]);
    expect(store.get(alice)?.state).toBe('offline');
  });

  it('does not judge a resource that came online after the snapshot was taken', async () => {
    const { mirror, store } = mirrorWithStore();
    await mirror.apply([presence('desk', 30)]);
    await mirror.apply([snapshot(25, [])]);
    expect(store.get(alice)?.state).toBe('available');
  });

  it('adds sessions it never heard of (after a gateway restart)', async () => {
    const { mirror, store } = mirrorWithStore();
    expect(await mirror.apply([snapshot(5, ['alice@localhost/laptop'])])).toEqual([alice]);
    expect(store.get(alice)).toMatchObject({ state: 'available', resources: [expect.objectContaining({ resource: 'laptop' })] });
  });
});
