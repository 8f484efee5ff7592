export { chatStateEventId, EVENT_ID_PATTERN, type EventIdRef, parseEventId, presenceEventId, readEventId } from './event-ids';
export { RealtimeModule } from './realtime.module';
export { RedisIoAdapter } from './redis-io.adapter';
export { SocketEmitter } from './socket-emitter';
export { ClientRequest, presenceRoom, ServerEvent, userRoom } from './socket-rooms';
export { toWebPresence } from './web-presence.mapper';
