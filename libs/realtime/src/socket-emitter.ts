import { Inject, Injectable } from '@nestjs/common';
import { Emitter } from '@socket.io/redis-emitter';
import type { Redis } from 'ioredis';
import type { BareJid } from '@chat/domain';
import { REDIS_CLIENT } from '@chat/redis';
import type { ServerEvents } from '@chat/web-protocol';
import { presenceRoom, userRoom } from './socket-rooms';

/** Emits to web users' sockets on every api instance, from any process, through the Socket.IO Redis adapter. */
@Injectable()
export class SocketEmitter {
  private readonly emitter: Emitter;

  constructor(@Inject(REDIS_CLIENT) redis: Redis) {
    this.emitter = new Emitter(redis);
  }

  /** To every socket of these users. */
  toUsers<E extends keyof ServerEvents>(jids: readonly BareJid[], event: E, payload: ServerEvents[E]): void {
    if (jids.length === 0) return;
    this.emitter.to(jids.map(userRoom)).emit(event, payload);
  }

  /** To every socket watching this user's presence. */
  toPresenceWatchers(jid: BareJid, event: 'presence', payload: ServerEvents['presence']): void {
    this.emitter.to(presenceRoom(jid)).emit(event, payload);
  }
}
