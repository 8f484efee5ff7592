import type { IncomingMessage } from 'node:http';
import type { INestApplicationContext } from '@nestjs/common';
import { IoAdapter } from '@nestjs/platform-socket.io';
import type { MessageMappingProperties } from '@nestjs/websockets';
import { createAdapter } from '@socket.io/redis-adapter';
import type { Redis } from 'ioredis';
import { defer, filter, type Observable } from 'rxjs';
import type { Server, ServerOptions, Socket } from 'socket.io';
import type { ServerEvents } from '@chat/web-protocol';

/** The longest event name repeated back in an "unknown request" answer. */
const MAX_ECHOED_NAME = 64;

/** Socket.IO server whose rooms span every api instance (and receive SocketEmitter broadcasts). */
export class RedisIoAdapter extends IoAdapter {
  private readonly pub: Redis;
  private readonly sub: Redis;
  /** One catch-all listener per set of handlers (one per gateway), shared by all of its sockets. */
  private readonly unknownRequestListeners = new WeakMap<MessageMappingProperties[], (event: unknown, ...args: unknown[]) => void>();

  constructor(
    app: INestApplicationContext,
    redis: Redis,
    private readonly corsOrigins: string[],
  ) {
    super(app);
    this.pub = redis.duplicate();
    this.sub = redis.duplicate();
  }

  override createIOServer(port: number, options?: ServerOptions): Server {
    const server: Server = super.createIOServer(port, {
      ...(options as ServerOptions),
      cors: { origin: this.corsOrigins, credentials: true },
      // CORS binds only what a browser lets a page read, and never applies to a WebSocket upgrade: without this a
      // page on any origin could open a socket with a token it holds. Checked once per handshake, both transports.
      allowRequest: (request, answer) => this.allowOrigin(request, answer),
      // Bounded frames: a client cannot make the server buffer an arbitrarily large message.
      maxHttpBufferSize: 256 * 1024,
    });
    server.adapter(createAdapter(this.pub, this.sub));
    this.resyncAfterResubscribing(server);
    return server;
  }

  /**
   * Redis pub/sub keeps nothing: whatever the worker broadcast while this instance's subscriber was reconnecting
   * never reached its sockets, and the sockets themselves did not drop, so no client would catch up by itself.
   * After every reconnection (not the first connection), once the subscriptions are back, each local socket is
   * told to `catch-up` from the last event it saw (clients drop what they already have by event id).
   */
  private resyncAfterResubscribing(server: Server): void {
    let connectedBefore = this.sub.status === 'ready';
    this.sub.on('ready', () => {
      if (!connectedBefore) {
        connectedBefore = true;
        return;
      }
      // ioredis emits 'ready' before it sends the SUBSCRIBE commands again; a PING queued after them is answered
      // only once Redis has processed them, so nothing published after the answer is missed.
      setImmediate(() => {
        this.sub
          .ping()
          .then(() => server.local.emit('resync', { reason: 'redis-reconnected' } satisfies ServerEvents['resync']))
          .catch(() => undefined); // dropped again: the next 'ready' tries again
      });
    });
  }

  /**
   * Nest's own binding keeps an RxJS pipeline per handler on every socket for the socket's whole life: about 4-5 KB
   * per handler per connection, most of a socket's memory with a dozen requests (see the sockets benchmark). A plain
   * listener per handler does the same work, and the observable lives only while one request is answered.
   */
  override bindMessageHandlers(socket: Socket, handlers: MessageMappingProperties[], transform: (data: unknown) => Observable<unknown>): void {
    socket.onAny(this.unknownRequestListener(handlers));
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

  /**
   * Browsers always send `Origin` on a WebSocket upgrade and on cross-origin requests, so a browser page is refused
   * unless its origin is listed or is this service itself (the demo page and any page the api serves: a browser
   * sets `Host` to the server it connects to, so a foreign page cannot pass for it). A handshake without `Origin`
   * comes from a program (a bot, a test, a native app), which no page can borrow credentials through; it still
   * needs a valid token like everyone else.
   */
  private allowOrigin(request: IncomingMessage, answer: (message: string | null | undefined, success: boolean) => void): void {
    const origin = request.headers.origin;
    if (origin === undefined || this.corsOrigins.includes(origin) || isOwnOrigin(origin, request.headers.host)) answer(null, true);
    else answer('origin not allowed', false);
  }

  /**
   * A request no handler knows, sent with an acknowledgement callback, is answered as a bad request instead of
   * being left to time out. The listener is built once per gateway (not per socket): sockets share it.
   */
  private unknownRequestListener(handlers: MessageMappingProperties[]) {
    let listener = this.unknownRequestListeners.get(handlers);
    if (!listener) {
      const known = new Set(handlers.map((h) => h.message as string));
      listener = (event: unknown, ...args: unknown[]) => {
        const ack = args[args.length - 1];
        if (typeof ack !== 'function' || known.has(event as string)) return;
        const name = String(event).slice(0, MAX_ECHOED_NAME);
        (ack as (answer: unknown) => void)({ error: 'bad-request', message: `unknown request ${JSON.stringify(name)}` });
      };
      this.unknownRequestListeners.set(handlers, listener);
    }
    return listener;
  }

  override async close(server: Server): Promise<void> {
    await super.close(server);
    this.pub.disconnect();
    this.sub.disconnect();
  }
}

function isOwnOrigin(origin: string, host: string | undefined): boolean {
  if (!host || !URL.canParse(origin)) return false;
  return new URL(origin).host === host.toLowerCase();
}
