import type {
  WebCatchUp,
  WebConversationPage,
  WebHistoryPage,
  WebPong,
  WebReadReceipt,
  WebRoomJoined,
  WebSearchPage,
  WebSendReceipt,
  WebStreamPage,
  WebWatchedPresences,
} from './answers';
import type { ErrorAnswer } from './error-answer';
import type { WebChatState } from './server-events';

/**
 * Every client → server request over Socket.IO, by name: what the client sends and what the acknowledgement
 * answers when the request is served (otherwise an ErrorAnswer). Limits and formats (id shapes, lengths, page
 * sizes) are the api's request schemas; these say the shapes both sides build.
 */
export interface ClientRequests {
  /** A round trip for clients checking their link. */
  ping: { request: Record<string, never>; answer: WebPong };
  /** Live badges for these users; answers with their current presence. */
  'watch-presence': { request: { jids: string[] }; answer: WebWatchedPresences };
  'unwatch-presence': { request: { jids: string[] }; answer: { unwatched: string[] } };
  'send-message': { request: { to: string; body: string; clientMessageId?: string }; answer: WebSendReceipt };
  /** XEP-0308, own messages only. */
  'correct-message': { request: { messageId: string; body: string; clientMessageId?: string }; answer: WebSendReceipt };
  /** XEP-0424, own messages only. */
  'retract-message': { request: { messageId: string; clientMessageId?: string }; answer: WebSendReceipt };
  'chat-state': { request: { conversationId: string; state: WebChatState['state'] }; answer: { sent: true } };
  'mark-read': { request: { conversationId: string; messageId: string }; answer: WebReadReceipt };
  'join-room': { request: { room: string }; answer: WebRoomJoined };
  'list-conversations': { request: { before?: string; limit?: number }; answer: WebConversationPage };
  history: { request: { conversationId: string; before?: string; after?: string; limit?: number }; answer: WebHistoryPage };
  /** After a reconnect: everything since an event the client received (`since`: its id). */
  'catch-up': { request: { since: string; limit?: number }; answer: WebCatchUp };
  activities: { request: { before?: string; after?: string; limit?: number }; answer: WebStreamPage };
  search: {
    request: { q: string; conversationId?: string; author?: string; room?: string; since?: string; until?: string; before?: string; limit?: number };
    answer: WebSearchPage;
  };
}

export type ClientRequestName = keyof ClientRequests;

/** What the client sends with request N. */
export type WebRequest<N extends ClientRequestName> = ClientRequests[N]['request'];

/** What request N answers when it is served. */
export type WebAnswer<N extends ClientRequestName> = ClientRequests[N]['answer'];

/** What the acknowledgement of request N carries: the answer, or the refusal. */
export type WebAcknowledgement<N extends ClientRequestName> = WebAnswer<N> | ErrorAnswer;
