export { RealtimeModule } from './realtime.module';
export { RedisIoAdapter } from './redis-io.adapter';
export { SocketEmitter } from './socket-emitter';
export { ServerEvent, userRoom } from './socket-rooms';
