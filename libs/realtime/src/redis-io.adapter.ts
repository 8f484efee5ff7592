import type { INestApplicationContext } from '@nestjs/common';
import { IoAdapter } from '@nestjs/platform-socket.io';
import type { MessageMappingProperties } from '@nestjs/websockets';
import { createAdapter } from '@socket.io/redis-adapter';
import type { Redis } from 'ioredis';
import { defer, filter, type Observable } from 'rxjs';
import type { Server, ServerOptions, Socket } from 'socket.io';

/** Socket.IO server whose rooms span every api instance (and receive SocketEmitter broadcasts). */
export class RedisIoAdapter extends IoAdapter {
  private readonly pub: Redis;
  private readonly sub: Redis;

  constructor(app: INestApplicationContext, redis: Redis, private readonly corsOrigins: string[]) {
    super(app);
    this.pub = redis.duplicate();
    this.sub = redis.duplicate();
  }

  override createIOServer(port: number, options?: ServerOptions): Server {
    const server: Server = super.createIOServer(port, {
      ...(options as ServerOptions),
      cors: { origin: this.corsOrigins, credentials: true },
      // Bounded frames: a client cannot make the server buffer an arbitrarily large message.
      maxHttpBufferSize: 256 * 1024,
    });
    server.adapter(createAdapter(this.pub, this.sub));
    return server;
  }

  /**
   * Nest's own binding keeps an RxJS pipeline per handler on every socket for the socket's whole life: about 4-5 KB
   * per handler per connection, most of a socket's memory with a dozen requests (see the sockets benchmark). A plain
   * listener per handler does the same work, and the observable lives only while one request is answered.
   */
  override bindMessageHandlers(socket: Socket, handlers: MessageMappingProperties[], transform: (data: unknown) => Observable<unknown>): void {
    for (const { message, callback, isAckHandledManually } of handlers) {
      socket.on(message as string, (...args: unknown[]) => {
        const { data, ack } = this.mapPayload(args.length === 1 ? args[0] : args);
        defer(() => transform(callback(data, ack)))
          .pipe(filter((response) => response !== undefined && response !== null))
          .subscribe({
            next: (response) => {
              const reply = response as { event?: string; data?: unknown };
              if (reply.event) socket.emit(reply.event, reply.data);
              else if (!isAckHandledManually && typeof ack === 'function') ack(response);
            },
            error: (error: unknown) => this.logger.error(error),
          });
      });
    }
  }

  override async close(server: Server): Promise<void> {
    await super.close(server);
    this.pub.disconnect();
    this.sub.disconnect();
  }
}
