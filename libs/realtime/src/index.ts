export { RealtimeModule } from './realtime.module';
export { RedisIoAdapter } from './redis-io.adapter';
export { SocketEmitter } from './socket-emitter';
export { ClientRequest, presenceRoom, ServerEvent, userRoom } from './socket-rooms';
export type { WebChatState, WebMessage, WebPresence, WebReadMarker } from './web-events';
export { toWebPresence } from './web-presence.mapper';
