/** What the api answers to web users' requests, over REST and in socket acknowledgements. */
import type { WebPresence } from './server-events';

/** A message as history and search show it: how it reads now, with when it was changed. */
export interface WebHistoryMessage {
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

/** How far one person has read a conversation. */
export interface WebReadPosition {
  reader: string;
  messageId: string;
  position: string;
}

export interface WebHistoryPage {
  conversationId: string;
  /** Oldest first. */
  messages: WebHistoryMessage[];
  /** Cursor of the older page, when there is one. */
  before?: string;
  /** Cursor of the newer page, when there is one. */
  after?: string;
  /** How far the other people of the conversation have read. */
  readers: WebReadPosition[];
}

/** One of the user's conversations, as their list shows it. */
export interface WebConversation {
  id: string;
  kind: 'direct' | 'room';
  /** The other person of a direct conversation, or the room. */
  with: string;
  unread: number;
  readUpTo?: string;
  lastActivityAt?: string;
  lastMessage?: { id: string; from?: string; excerpt: string; stamp: string; position: string };
}

export interface WebSearchHit {
  message: WebHistoryMessage;
  /** Text around the first match; `highlights` are [start, end) offsets into it. Plain text: render it escaped. */
  snippet: { text: string; highlights: Array<[number, number]> };
}

/** What a sender is told: the activity id the message will carry everywhere (archive, events, history). */
export interface WebSendReceipt {
  id: string;
  conversationId: string;
  /** Queued for the gateway; it goes out as soon as ejabberd is reachable. */
  status: 'queued';
}

/** An entry of the activity stream (ActivityStreams 2.0), as catch-up and stream pages list it. */
export interface WebStreamActivity {
  id: string;
  type: 'Create' | 'Update' | 'Delete';
  actor: string;
  object: { type: 'Note'; id: string; content: string } | { type: 'Tombstone'; id: string } | { type: string; id: string };
  target?: { type: 'Conversation'; id: string; kind: 'direct' | 'room' };
  published: string;
  position: string;
}

/** The answer to `ping`: who the server takes the socket's user to be. */
export interface WebPong {
  pong: true;
  jid: string;
  serverTime: string;
}

/** The badges a socket now watches, as they are. */
export interface WebWatchedPresences {
  presences: WebPresence[];
}

/** A read marker queued for XMPP (XEP-0333). */
export interface WebReadReceipt {
  conversationId: string;
  messageId: string;
  status: 'queued';
}

export interface WebRoomJoined {
  conversationId: string;
  joined: true;
}

export interface WebConversationPage {
  conversations: WebConversation[];
  /** `before` of the next page, when there is one. */
  next?: string;
}

/** What happened since an event the client saw, oldest first. */
export interface WebCatchUp {
  activities: WebStreamActivity[];
  /** `since` of the next call, when more remain. */
  next?: string;
}

/** A page of the activity stream (an ActivityStreams 2.0 OrderedCollectionPage), newest first. */
export interface WebStreamPage {
  '@context': 'https://www.w3.org/ns/activitystreams';
  id: string;
  type: 'OrderedCollectionPage';
  partOf: string;
  next?: string;
  prev?: string;
  orderedItems: WebStreamActivity[];
}

export interface WebSearchPage {
  query: string;
  hits: WebSearchHit[];
  /** Cursor of the next page, when there is one. */
  before?: string;
}
