export { chatStateEventId, EVENT_ID_PATTERN, type EventIdRef, parseEventId, presenceEventId, readEventId } from './event-ids';
export { RealtimeModule } from './realtime.module';
export { RedisIoAdapter } from './redis-io.adapter';
export { SocketEmitter } from './socket-emitter';
export { ClientRequest, presenceRoom, ServerEvent, userRoom } from './socket-rooms';
export type {
  WebConversation,
  WebHistoryMessage,
  WebHistoryPage,
  WebReadPosition,
  WebSearchHit,
  WebSendReceipt,
  WebStreamActivity,
} from './web-answers';
export type { ServerEvents, WebChatState, WebMessage, WebPresence, WebReadMarker, WebSendFailed } from './web-events';
export { toWebPresence } from './web-presence.mapper';
