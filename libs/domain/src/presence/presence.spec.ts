import type { BareJid } from '../jid/bare-jid';
import { aggregatePresence, applyResourcePresence, samePresence, type ResourcePresence } from './presence';

const jid = 'alice@localhost' as BareJid;
const at = new Date('2026-11-23T10:00:00Z');
const later = new Date('2026-11-23T10:05:00Z');

function resources(...updates: Array<Parameters<typeof applyResourcePresence>[1]>): ResourcePresence[] {
  return updates.reduce<ResourcePresence[]>((list, u) => applyResourcePresence(list, u), []);
}

describe('aggregatePresence', () => {
  it('lets the highest-priority resource speak for the user', () => {
    const list = resources({ resource: 'desk', available: true, show: 'away', status: 'lunch', priority: 5, at }, { resource: 'phone', available: true, priority: 0, at: later });
    expect(aggregatePresence(jid, list)).toMatchObject({ state: 'away', status: 'lunch' });
  });

  it('picks the most available show among resources of equal priority', () => {
    const list = resources(
      { resource: 'desk', available: true, show: 'xa', priority: 1, at },
      { resource: 'laptop', available: true, show: 'dnd', status: 'meeting', priority: 1, at },
      { resource: 'tablet', available: true, show: 'away', priority: 1, at },
    );
    expect(aggregatePresence(jid, list)).toMatchObject({ state: 'dnd', status: 'meeting' });
    const withChat = applyResourcePresence(list, { resource: 'phone', available: true, show: 'chat', priority: 1, at });
    expect(aggregatePresence(jid, withChat).state).toBe('available');
  });

  it('still counts a negative-priority resource as online', () => {
    const list = resources({ resource: 'bot', available: true, priority: -1, at });
    expect(aggregatePresence(jid, list).state).toBe('available');
  });

  it('is offline, with the last-seen time, once every resource left', () => {
    let list = resources({ resource: 'desk', available: true, at }, { resource: 'phone', available: true, at });
    list = applyResourcePresence(list, { resource: 'desk', available: false, at: later });
    expect(aggregatePresence(jid, list).state).toBe('available');
    list = applyResourcePresence(list, { resource: 'phone', available: false, at: later });
    expect(aggregatePresence(jid, list, later)).toEqual({ jid, state: 'offline', lastSeen: later, resources: [] });
  });

  it('tells whether a badge changed', () => {
    const one = aggregatePresence(jid, resources({ resource: 'a', available: true, at }));
    const two = aggregatePresence(jid, resources({ resource: 'a', available: true, at }, { resource: 'b', available: true, at }));
    expect(samePresence(one, two)).toBe(true);
    expect(samePresence(one, aggregatePresence(jid, []))).toBe(false);
    expect(samePresence(undefined, one)).toBe(false);
  });
});
