import type { INestApplicationContext } from '@nestjs/common';
import { IoAdapter } from '@nestjs/platform-socket.io';
import { createAdapter } from '@socket.io/redis-adapter';
import type { Redis } from 'ioredis';
import type { Server, ServerOptions } from 'socket.io';

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

  override async close(server: Server): Promise<void> {
    await super.close(server);
    this.pub.disconnect();
    this.sub.disconnect();
  }
}
