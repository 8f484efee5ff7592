import type { BareJid } from '../jid/bare-jid';

/** Web sessions appear as resources with this prefix, so a badge can tell a user is online in the intranet. */
export const WEB_RESOURCE_PREFIX = 'web.';

/** What a badge shows. XMPP's `chat` ("free for chat") reads as available. */
export type PresenceState = 'available' | 'away' | 'dnd' | 'xa' | 'offline';
export type PresenceShow = 'chat' | 'away' | 'dnd' | 'xa' | undefined;

/** One connected resource (a desktop client, a phone, a web tab) and what it announced. */
export interface ResourcePresence {
  resource: string;
  show: Exclude<PresenceState, 'offline'>;
  status?: string;
  priority: number;
  since: Date;
}

export interface UserPresence {
  jid: BareJid;
  state: PresenceState;
  status?: string;
  /** When the last resource went away; set while offline. */
  lastSeen?: Date;
  resources: ResourcePresence[];
}

export function showToState(show: string | undefined): Exclude<PresenceState, 'offline'> {
  switch (show) {
    case 'away':
    case 'dnd':
    case 'xa':
      return show;
    default:
      return 'available';
  }
}

// Lower is more available: someone busy at their desk is more reachable than someone away.
const AVAILABILITY: Record<Exclude<PresenceState, 'offline'>, number> = { available: 0, dnd: 1, away: 2, xa: 3 };

/**
 * The badge of a user from their resources: the highest-priority resource speaks for the user (RFC 6121 routes
 * messages to it); among equals, the most available show wins. No resource means offline.
 */
export function aggregatePresence(jid: BareJid, resources: ResourcePresence[], lastSeen?: Date): UserPresence {
  if (resources.length === 0) return { jid, state: 'offline', lastSeen, resources: [] };
  const leader = [...resources].sort((a, b) => b.priority - a.priority || AVAILABILITY[a.show] - AVAILABILITY[b.show] || b.since.getTime() - a.since.getTime())[0];
  return { jid, state: leader.show, status: leader.status, resources };
}

/** A resource announced a presence (available or not); returns the user's new resource list. */
export function applyResourcePresence(
  resources: ResourcePresence[],
  update: { resource: string; available: boolean; show?: string; status?: string; priority?: number; at: Date },
): ResourcePresence[] {
  const others = resources.filter((r) => r.resource !== update.resource);
  if (!update.available) return others;
  return [
    ...others,
    {
      resource: update.resource,
      show: showToState(update.show),
      status: update.status,
      priority: update.priority ?? 0,
      since: update.at,
    },
  ];
}

/** Whether a badge would change: resources coming and going under an unchanged leader do not count. */
export function samePresence(a: UserPresence | undefined, b: UserPresence): boolean {
  return !!a && a.state === b.state && (a.status ?? '') === (b.status ?? '');
}
