/**
 * What the api's Socket.IO endpoint sends and answers (README, "Socket.IO"), under the widget's names. The types
 * are the server's own (libs/web-protocol, types only): imported as types, they put no server code into the
 * browser bundle, and the two sides cannot drift apart.
 */
import type {
  ErrorKind,
  WebChatState,
  WebConversation,
  WebHistoryMessage,
  WebHistoryPage,
  WebMessage,
  WebPresence,
  WebReadMarker,
  WebSearchHit,
  WebSendFailed,
  WebSendReceipt,
  WebStreamActivity,
} from '@chat/web-protocol';

export type { ClientRequestName, ServerEventListeners, WebAcknowledgement, WebAnswer, WebRequest } from '@chat/web-protocol';
export type PresenceShow = WebPresence['show'];
export type ChatStateName = WebChatState['state'];
export type MessageEvent = WebMessage;
export type ChatStateEvent = WebChatState;
export type ReadEvent = WebReadMarker;
export type PresenceEvent = WebPresence;
export type SendFailedEvent = WebSendFailed;
export type ConversationSummary = WebConversation;
export type HistoryMessage = WebHistoryMessage;
export type HistoryPage = WebHistoryPage;
export type SearchHit = WebSearchHit;
/** An entry of the activity stream, as `catch-up` returns it (ActivityStreams 2.0). */
export type StreamActivity = WebStreamActivity;
export type SendReceipt = WebSendReceipt;

/** A refusal, as every request may answer (`bad-request`, `forbidden`, `not-found`, …), or `signed-out` here. */
export class RequestRefused extends Error {
  constructor(
    readonly code: ErrorKind | 'signed-out',
    message: string,
  ) {
    super(message);
    this.name = 'RequestRefused';
  }
}
