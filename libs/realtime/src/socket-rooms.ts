import type { BareJid } from '@chat/domain';
import type { ClientRequestName, ServerEvents } from '@chat/web-protocol';

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
  Read: 'read',
  Presence: 'presence',
  SessionExpired: 'session-expired',
  SendFailed: 'send-failed',
} as const satisfies Record<string, keyof ServerEvents>;

/** Client → server requests, answered through the acknowledgement callback. */
export const ClientRequest = {
  Ping: 'ping',
  WatchPresence: 'watch-presence',
  UnwatchPresence: 'unwatch-presence',
  SendMessage: 'send-message',
  CorrectMessage: 'correct-message',
  RetractMessage: 'retract-message',
  ChatState: 'chat-state',
  MarkRead: 'mark-read',
  JoinRoom: 'join-room',
  ListConversations: 'list-conversations',
  History: 'history',
  CatchUp: 'catch-up',
  Activities: 'activities',
  Search: 'search',
} as const satisfies Record<string, ClientRequestName>;

type UnnamedRequest = Exclude<ClientRequestName, (typeof ClientRequest)[keyof typeof ClientRequest]>;
/** Every request of the web protocol has its name above: one added there without it does not compile, naming it. */
export const EVERY_REQUEST_NAMED: [UnnamedRequest] extends [never] ? true : UnnamedRequest = true;
