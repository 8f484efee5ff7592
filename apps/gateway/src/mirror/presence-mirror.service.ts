import { Injectable } from '@nestjs/common';
import {
  type Activity,
  aggregatePresence,
  applyResourcePresence,
  type BareJid,
  presenceActivityId,
  type ResourcePresence,
  type ResourcePresenceEvent,
  samePresence,
  splitJid,
  toBareJid,
  type UserPresence,
} from '@chat/domain';
import { ActivityRepository, PresenceRepository } from '@chat/persistence';
import type { Positioned, SessionSnapshot } from './journal-batch';

interface Working {
  before?: UserPresence;
  resources: ResourcePresence[];
  lastSeen?: Date;
  position: string;
  at: Date;
}

/**
 * Keeps every user's resources and badge current from their presence stanzas, and from ejabberd's list of
 * connected sessions, which reveals the clients that vanished without a word. Returns the users whose badge changed.
 */
@Injectable()
export class PresenceMirror {
  constructor(
    private readonly presences: PresenceRepository,
    private readonly activities: ActivityRepository,
  ) {}

  async apply(items: Positioned<ResourcePresenceEvent | SessionSnapshot>[]): Promise<BareJid[]> {
    if (items.length === 0) return [];
    const snapshots = items.some((i) => 'sessions' in i.event);
    const known = new Map<BareJid, UserPresence>();
    for (const p of snapshots ? await this.presences.findOnline() : []) known.set(p.jid, p);
    const named = items.flatMap((i) => ('jid' in i.event ? [i.event.jid] : i.event.sessions.map((s) => bareOf(s.jid))));
    for (const [jid, p] of await this.presences.findMany(named.filter((j): j is BareJid => !!j && !known.has(j)))) known.set(jid, p);

    const working = new Map<BareJid, Working>();
    const touch = (jid: BareJid, position: string, at: Date): Working => {
      let w = working.get(jid);
      if (!w) {
        const before = known.get(jid);
        w = { before, resources: before?.resources ?? [], lastSeen: before?.lastSeen, position, at };
        working.set(jid, w);
      }
      w.position = position;
      w.at = at;
      return w;
    };

    for (const { event, position } of items) {
      if ('jid' in event) {
        const w = touch(event.jid, position, event.at);
        w.resources = applyResourcePresence(w.resources, event);
        if (w.resources.length === 0) w.lastSeen = event.at;
      } else {
        this.reconcile(event, position, known, touch);
      }
    }

    const after = [...working.entries()].map(([jid, w]) => ({ jid, w, now: aggregatePresence(jid, w.resources, w.lastSeen) }));
    await this.presences.saveMany(
      after.map((a) => a.now),
      new Date(),
    );
    const changed = after.filter((a) => !samePresence(a.w.before, a.now));
    await this.activities.appendMany(changed.map((a) => presenceActivity(a.now, a.w.position, a.w.at)));
    return changed.map((a) => a.jid);
  }

  /** Resources ejabberd no longer lists have gone (their lastSeen is the snapshot); listed ones we missed are added. */
  private reconcile(snapshot: SessionSnapshot, position: string, known: Map<BareJid, UserPresence>, touch: (jid: BareJid, position: string, at: Date) => Working): void {
    const listed = new Map<BareJid, SessionSnapshot['sessions']>();
    // ejabberd lists connected sessions, including those that sent no presence yet or said "unavailable".
    for (const s of snapshot.sessions.filter((session) => session.show !== 'unavailable')) {
      const jid = bareOf(s.jid);
      if (jid) listed.set(jid, [...(listed.get(jid) ?? []), s]);
    }
    for (const jid of new Set([...known.keys(), ...listed.keys()])) {
      const sessions = listed.get(jid) ?? [];
      const current = known.get(jid)?.resources ?? [];
      const resources = new Set(sessions.map((s) => splitJid(s.jid).resource));
      // A resource that came online after the snapshot was taken is not judged by it.
      const vanished = current.filter((r) => !resources.has(r.resource) && r.since < snapshot.takenAt);
      const missed = sessions.filter((s) => !current.some((r) => r.resource === splitJid(s.jid).resource));
      if (vanished.length === 0 && missed.length === 0) continue;
      const w = touch(jid, position, snapshot.takenAt);
      for (const r of vanished) w.resources = applyResourcePresence(w.resources, { resource: r.resource, available: false, at: snapshot.takenAt });
      for (const s of missed) {
        w.resources = applyResourcePresence(w.resources, {
          resource: splitJid(s.jid).resource,
          available: true,
          show: s.show,
          status: s.status,
          priority: s.priority,
          at: snapshot.takenAt,
        });
      }
      if (w.resources.length === 0) w.lastSeen = snapshot.takenAt;
    }
  }
}

function bareOf(full: string): BareJid | undefined {
  try {
    return toBareJid(full);
  } catch {
    return undefined;
  }
}

function presenceActivity(presence: UserPresence, position: string, at: Date): Activity {
  return {
    id: presenceActivityId(presence.jid, position),
    type: 'Update',
    actor: presence.jid,
    object: { type: 'Presence', id: presence.jid, state: presence.state, status: presence.status, lastSeen: presence.lastSeen?.toISOString() },
    published: at,
    position,
  };
}
