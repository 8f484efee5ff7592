/**
 * What web users receive over Socket.IO: XMPP's own model (message, presence, chat state) in JSON. Every event has
 * a stable `id`, so a client that sees one twice (after a reconnect, say) drops the second.
 */

export interface WebMessage {
  /** The id of this event (the activity that created, corrected or retracted the message). */
  id: string;
  /** The archived message this event is about. */
  messageId: string;
  conversationId: string;
  type: 'chat' | 'normal' | 'groupchat';
  /** The author's bare JID, or the room occupant JID when only the nick is known. */
  from: string;
  /** The peer of a direct conversation, or the room. */
  to: string;
  body: string;
  /** When the message was first sent. */
  stamp: string;
  /** The server's order within the conversation. */
  position: string;
  /** Set on a correction: the message it replaces (XEP-0308). */
  replace?: string;
  /** Set on a retraction: the message it retracts (XEP-0424). */
  retract?: string;
}

export interface WebChatState {
  id: string;
  conversationId: string;
  /** The server's order: a notice older than the last message shown is stale. */
  position: string;
  from: string;
  to: string;
  state: 'active' | 'composing' | 'paused' | 'inactive' | 'gone';
}

/** Someone has read a conversation up to this message (on the web or in a desktop client). */
export interface WebReadMarker {
  id: string;
  conversationId: string;
  reader: string;
  messageId: string;
  position: string;
  at: string;
}

export interface WebPresence {
  id: string;
  jid: string;
  show: 'available' | 'away' | 'dnd' | 'xa' | 'offline';
  status?: string;
  /** Set while offline: when the last resource left. */
  lastSeen?: string;
  /** How many resources (clients, web tabs) are online. */
  resources: number;
  /** Online in the intranet (at least one web session), whether or not an XMPP client is too. */
  web: boolean;
}

/** A queued send the gateway gave up on after its retries; `id` is the one its acknowledgement carried. */
export interface WebSendFailed {
  id: string;
  kind: string;
  to: string;
  reason: string;
}

/** Every server → client event and its payload, by event name: the emitters accept nothing else. */
export interface ServerEvents {
  message: WebMessage;
  chatstate: WebChatState;
  read: WebReadMarker;
  presence: WebPresence;
  'session-expired': { reason: string };
  'send-failed': WebSendFailed;
  /** Live events may have been missed (this api's link to Redis was re-established): run `catch-up` now. */
  resync: { reason: 'redis-reconnected' };
}

/** The server events as Socket.IO listeners, for typed sockets: an event name or payload not listed above does not compile. */
export type ServerEventListeners = { [E in keyof ServerEvents]: (payload: ServerEvents[E]) => void };
