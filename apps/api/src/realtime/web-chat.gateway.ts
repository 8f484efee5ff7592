import { Logger } from '@nestjs/common';
import {
  ConnectedSocket,
  MessageBody,
  type OnGatewayConnection,
  type OnGatewayInit,
  SubscribeMessage,
  WebSocketGateway,
} from '@nestjs/websockets';
import type { Server, Socket } from 'socket.io';
import { AccessTokenVerifier, AuthenticationError } from '@chat/auth';
import { ClientRequest, presenceRoom, ServerEvent, userRoom } from '@chat/realtime';
import { PresenceBadges } from '../presence/presence-badges.service';
import { socketIdentity } from './socket-identity';
import { parseJidList, refusal } from '../requests/jid-list.request';

// setTimeout's ceiling; tokens live far less than this.
const MAX_TIMER_MS = 2 ** 31 - 1;

/**
 * The Socket.IO endpoint for web users. Every connection presents a JWT in `auth.token` at the handshake; the
 * socket joins its user's room (which the worker's emitter targets) and is told and closed when the token expires.
 */
@WebSocketGateway()
export class WebChatGateway implements OnGatewayInit, OnGatewayConnection {
  private readonly logger = new Logger(WebChatGateway.name);

  constructor(
    private readonly tokens: AccessTokenVerifier,
    private readonly badges: PresenceBadges,
  ) {}

  afterInit(server: Server): void {
    server.use((socket, next) => {
      this.tokens
        .verify((socket.handshake.auth as { token?: unknown } | undefined)?.token)
        .then((identity) => {
          socket.data.identity = identity;
          next();
        })
        .catch((error: unknown) => {
          const reason = error instanceof AuthenticationError ? error.reason : 'invalid';
          next(Object.assign(new Error(`unauthorized: ${reason}`), { data: { reason } }));
        });
    });
  }

  async handleConnection(socket: Socket): Promise<void> {
    const { jid, expiresAt } = socketIdentity(socket);
    await socket.join(userRoom(jid));
    const timer = setTimeout(() => {
      socket.emit(ServerEvent.SessionExpired, { reason: 'token expired' });
      socket.disconnect(true);
    }, Math.min(MAX_TIMER_MS, Math.max(0, expiresAt.getTime() - Date.now())));
    socket.once('disconnect', () => clearTimeout(timer));
    this.logger.debug(`socket ${socket.id} connected for ${jid}`);
  }

  /** A round trip for clients checking their link; answers through the acknowledgement callback. */
  @SubscribeMessage(ClientRequest.Ping)
  ping(@ConnectedSocket() socket: Socket) {
    return { pong: true, jid: socketIdentity(socket).jid, serverTime: new Date().toISOString() };
  }

  /** Live badges for these users (`{ jids: [...] }`); answers with their current presence. */
  @SubscribeMessage(ClientRequest.WatchPresence)
  async watchPresence(@ConnectedSocket() socket: Socket, @MessageBody() body: unknown) {
    try {
      const jids = parseJidList(body);
      await socket.join(jids.map(presenceRoom));
      return { presences: await this.badges.current(jids) };
    } catch (error) {
      return refusal(error);
    }
  }

  @SubscribeMessage(ClientRequest.UnwatchPresence)
  async unwatchPresence(@ConnectedSocket() socket: Socket, @MessageBody() body: unknown) {
    try {
      const jids = parseJidList(body);
      await Promise.all(jids.map((jid) => socket.leave(presenceRoom(jid))));
      return { unwatched: jids };
    } catch (error) {
      return refusal(error);
    }
  }
}
