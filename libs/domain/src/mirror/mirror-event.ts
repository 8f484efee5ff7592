import type { ConversationRef } from '../conversation/conversation';
import type { BareJid } from '../jid/bare-jid';

/**
 * Who wrote something: the real bare JID when the server reveals it, else the room occupant JID (room@muc/nick).
 */
export interface Author {
  jid?: BareJid;
  occupant?: string;
}

interface ConversationEventBase {
  conversation: ConversationRef;
  author: Author;
  /** The peer of a direct conversation, or the room. */
  to: BareJid;
  /** The client's id for the stanza (origin-id when present, else the stanza id). */
  clientId: string;
  /** ids a later correction or retraction may use to point at this one */
  aliases: string[];
  at: Date;
}

export interface ChatMessageEvent extends ConversationEventBase {
  kind: 'message';
  messageType: 'chat' | 'normal' | 'groupchat';
  body: string;
  /** XEP-0184: the sender's client asked to be told of delivery; the full JID to tell and the id to name. */
  receiptRequest?: { from: string; id: string };
}

export interface CorrectionEvent extends ConversationEventBase {
  kind: 'correction';
  /** The id the client gave for the message it corrects (XEP-0308). */
  replaces: string;
  body: string;
}

export interface RetractionEvent extends ConversationEventBase {
  kind: 'retraction';
  /** The id the client gave for the message it retracts (XEP-0424). */
  retracts: string;
}

export type ChatState = 'active' | 'composing' | 'paused' | 'inactive' | 'gone';

/** Typing notices (XEP-0085): delivered live, never archived. */
export interface ChatStateEvent {
  kind: 'chat-state';
  conversation: ConversationRef;
  from: BareJid;
  to: BareJid;
  state: ChatState;
  /** The client's id for the stanza, when it gave one: the server's copies of one notice share it. */
  clientId?: string;
  at: Date;
}

/** XEP-0333: the reader has seen everything up to the message the author's client called `of`. */
export interface DisplayedMarkerEvent {
  kind: 'displayed';
  conversation: ConversationRef;
  reader: BareJid;
  to: BareJid;
  of: string;
  at: Date;
}

export interface ResourcePresenceEvent {
  kind: 'presence';
  jid: BareJid;
  resource: string;
  available: boolean;
  show?: string;
  status?: string;
  priority?: number;
  at: Date;
}

/** Someone entered or left a room: rooms learn their members this way. */
export interface RoomOccupancyEvent {
  kind: 'room-occupancy';
  room: BareJid;
  jid: BareJid;
  nick: string;
  present: boolean;
}

export type ConversationEvent = ChatMessageEvent | CorrectionEvent | RetractionEvent;
export type MirrorEvent = ConversationEvent | ChatStateEvent | DisplayedMarkerEvent | ResourcePresenceEvent | RoomOccupancyEvent;
