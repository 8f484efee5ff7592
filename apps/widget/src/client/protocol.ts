/**
 * What the api's Socket.IO endpoint sends and answers (README, "Socket.IO"), under the widget's names. The types
 * are the server's own (libs/realtime, type-only files with no imports): imported as types, they put no server code
 * into the browser bundle, and the two sides cannot drift apart.
 */
import type {
  WebConversation,
  WebHistoryMessage,
  WebHistoryPage,
  WebSearchHit,
  WebSendReceipt,
  WebStreamActivity,
} from '../../../../libs/realtime/src/web-answers';
import type { WebChatState, WebMessage, WebPresence, WebReadMarker, WebSendFailed } from '../../../../libs/realtime/src/web-events';

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
