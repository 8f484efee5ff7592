/**
 * The web protocol: what the api's Socket.IO endpoint sends (server events), what clients ask (requests) and what
 * it answers, REST included. Types only, importing nothing from outside: the browser widget shares them (through its path
 * alias) without taking any server code into its bundle, and the two sides cannot drift apart.
 */
export type {
  WebCatchUp,
  WebConversation,
  WebConversationPage,
  WebHistoryMessage,
  WebHistoryPage,
  WebPong,
  WebReadPosition,
  WebReadReceipt,
  WebRoomJoined,
  WebSearchHit,
  WebSearchPage,
  WebSendReceipt,
  WebStreamActivity,
  WebStreamPage,
  WebWatchedPresences,
} from './answers';
export type { ClientRequestName, ClientRequests, WebAcknowledgement, WebAnswer, WebRequest } from './client-requests';
export type { ErrorAnswer, ErrorKind } from './error-answer';
export type { ServerEventListeners, ServerEvents, WebChatState, WebMessage, WebPresence, WebReadMarker, WebSendFailed } from './server-events';
