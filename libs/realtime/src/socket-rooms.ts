import type { BareJid } from '@chat/domain';

/** Every socket of a web user joins this room, on whichever api instance it landed. */
export function userRoom(jid: BareJid): string {
  return `user:${jid}`;
}

/** Sockets watching a user's presence badge join this room. */
export function presenceRoom(jid: BareJid): string {
  return `presence:${jid}`;
}

/** Server → client events. */
export const ServerEvent = {
  Message: 'message',
  ChatState: 'chatstate',
  Presence: 'presence',
  SessionExpired: 'session-expired',
} as const;

/** Client → server requests, answered through the acknowledgement callback. */
export const ClientRequest = {
  Ping: 'ping',
  WatchPresence: 'watch-presence',
  UnwatchPresence: 'unwatch-presence',
} as const;
