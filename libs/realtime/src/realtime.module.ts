import { Module } from '@nestjs/common';
import { SocketEmitter } from './socket-emitter';

@Module({ providers: [SocketEmitter], exports: [SocketEmitter] })
export class RealtimeModule {}
