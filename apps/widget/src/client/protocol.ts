/**
 * What the api's Socket.IO endpoint sends and answers (README, "Socket.IO"). Kept here rather than imported from
 * libs/realtime: the widget is built for browsers and must not pull server code into its bundle.
 */

export type PresenceShow = 'available' | 'away' | 'dnd' | 'xa' | 'offline';
export type ChatStateName = 'active' | 'composing' | 'paused' | 'inactive' | 'gone';

export interface MessageEvent {
  /** The activity that created, corrected or retracted the message: what catch-up resumes from. */
  id: string;
  messageId: string;
  conversationId: string;
  type: 'chat' | 'normal' | 'groupchat';
  from: string;
  to: string;
  body: string;
  stamp: string;
  position: string;
  replace?: string;
  retract?: string;
}

export interface ChatStateEvent {
  id: string;
  conversationId: string;
  /** The server's order, as messages have it. */
  position?: string;
  from: string;
  to: string;
  state: ChatStateName;
}

export interface ReadEvent {
  id: string;
  conversationId: string;
  reader: string;
  messageId: string;
  position: string;
  at: string;
}

export interface PresenceEvent {
  id: string;
  jid: string;
  show: PresenceShow;
  status?: string;
  lastSeen?: string;
  resources: number;
  web: boolean;
}

export interface SendFailedEvent {
  id: string;
  kind: string;
  to: string;
  reason: string;
}

export interface ConversationSummary {
  id: string;
  kind: 'direct' | 'room';
  with: string;
  unread: number;
  readUpTo?: string;
  lastActivityAt?: string;
  lastMessage?: { id: string; from?: string; excerpt: string; stamp: string; position: string };
}

export interface HistoryMessage {
  id: string;
  conversationId: string;
  type: string;
  from: string;
  to: string;
  body: string;
  stamp: string;
  position: string;
  editedAt?: string;
  retractedAt?: string;
}

export interface HistoryPage {
  conversationId: string;
  messages: HistoryMessage[];
  before?: string;
  after?: string;
  /** How far the other people of the conversation have read. */
  readers?: Array<{ reader: string; messageId: string; position: string }>;
}

export interface SearchHit {
  message: HistoryMessage;
  snippet: { text: string; highlights: Array<[number, number]> };
}

/** An entry of the activity stream, as `catch-up` returns it (ActivityStreams 2.0). */
export interface StreamActivity {
  id: string;
  type: 'Create' | 'Update' | 'Delete';
  actor: string;
  object: { type: 'Note'; id: string; content: string } | { type: 'Tombstone'; id: string } | { type: string; id: string };
  target?: { type: 'Conversation'; id: string; kind: 'direct' | 'room' };
  published: string;
  position: string;
}

export interface SendReceipt {
  id: string;
  conversationId: string;
  status: 'queued';
}

/** A refusal, as every request may answer (`bad-request`, `forbidden`, `not-found`, …). */
export class RequestRefused extends Error {
  constructor(
    readonly code: string,
    message: string,
  ) {
    super(message);
    this.name = 'RequestRefused';
  }
}
