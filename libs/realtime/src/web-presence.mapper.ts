import { type UserPresence, WEB_RESOURCE_PREFIX } from '@chat/domain';
import type { WebPresence } from '@chat/web-protocol';
import { presenceEventId } from './event-ids';

export function toWebPresence(presence: UserPresence & { updatedAt?: Date }): WebPresence {
  const stamp = presence.updatedAt?.getTime() ?? presence.lastSeen?.getTime() ?? 0;
  return {
    id: presenceEventId(presence.jid, presence.state, stamp),
    jid: presence.jid,
    show: presence.state,
    status: presence.status,
    lastSeen: presence.state === 'offline' ? presence.lastSeen?.toISOString() : undefined,
    resources: presence.resources.length,
    web: presence.resources.some((r) => r.resource.startsWith(WEB_RESOURCE_PREFIX)),
  };
}
