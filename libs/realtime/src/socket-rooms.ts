import type { BareJid } from '@chat/domain';

/** Every socket of a web user joins this room, on whichever api instance it landed. */
export function userRoom(jid: BareJid): string {
  return `user:${jid}`;
}

/** Server → client events. Payloads carry the activity's stable id so clients can drop duplicates. */
export const ServerEvent = {
  Activity: 'activity',
  SessionExpired: 'session-expired',
} as const;
