import { Logger } from '@nestjs/common';
import { ConnectedSocket, MessageBody, type OnGatewayConnection, type OnGatewayInit, WebSocketGateway } from '@nestjs/websockets';
import type { DefaultEventsMap, Server, Socket } from 'socket.io';
import { AccessTokenVerifier, AuthenticationError } from '@chat/auth';
import { ClientRequest, presenceRoom, ServerEvent, userRoom } from '@chat/realtime';
import type { ServerEventListeners, WebPong } from '@chat/web-protocol';
import { ConversationReader } from '../conversations/conversation-reader.service';
import { RoomMembership } from '../conversations/room-membership.service';
import { PresenceBadges } from '../presence/presence-badges.service';
import { WebPresence } from '../presence/web-presence.service';
import { parseJidList } from '../requests/jid-list.request';
import { type ErrorAnswer, parseRequest, refusal } from '../requests/request-refused';
import {
  ActivityPageRequest,
  CatchUpRequest,
  ChatStateRequest,
  ConversationListRequest,
  CorrectMessageRequest,
  HistoryRequest,
  JoinRoomRequest,
  MarkReadRequest,
  RetractMessageRequest,
  SearchRequest,
  SendMessageRequest,
} from '../requests/request-schemas';
import { MessageSearch } from '../search/message-search.service';
import { WebSender } from '../sending/web-sender.service';
import { OnRequest } from './on-request';
import { socketIdentity } from './socket-identity';

// setTimeout's ceiling; tokens live far less than this.
const MAX_TIMER_MS = 2 ** 31 - 1;

/**
 * The Socket.IO endpoint for web users. Every connection presents a JWT in `auth.token` at the handshake; the
 * socket joins its user's room (which the worker's emitter targets) and is told and closed when the token expires.
 * Every request is answered through its acknowledgement callback: the result, or `{ error, message }`.
 */
@WebSocketGateway()
export class WebChatGateway implements OnGatewayInit, OnGatewayConnection {
  private readonly logger = new Logger(WebChatGateway.name);

  constructor(
    private readonly tokens: AccessTokenVerifier,
    private readonly badges: PresenceBadges,
    private readonly sender: WebSender,
    private readonly reader: ConversationReader,
    private readonly search: MessageSearch,
    private readonly presence: WebPresence,
    private readonly rooms: RoomMembership,
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

  async handleConnection(socket: Socket<DefaultEventsMap, ServerEventListeners>): Promise<void> {
    const { jid, expiresAt } = socketIdentity(socket);
    await socket.join(userRoom(jid));
    const timer = setTimeout(
      () => {
        socket.emit(ServerEvent.SessionExpired, { reason: 'token expired' });
        socket.disconnect(true);
      },
      Math.min(MAX_TIMER_MS, Math.max(0, expiresAt.getTime() - Date.now())),
    );
    socket.once('disconnect', () => {
      clearTimeout(timer);
      this.presence.closed(jid, socket.id).catch((error: Error) => this.logger.warn(`web session end not recorded: ${error.message}`));
    });
    await this.presence.opened(jid, socket.id).catch((error: Error) => this.logger.warn(`web session not recorded: ${error.message}`));
    this.logger.debug(`socket ${socket.id} connected for ${jid}`);
  }

  /** A round trip for clients checking their link. */
  @OnRequest(ClientRequest.Ping)
  ping(@ConnectedSocket() socket: Socket): WebPong {
    return { pong: true, jid: socketIdentity(socket).jid, serverTime: new Date().toISOString() };
  }

  /** Live badges for these users (`{ jids: [...] }`); answers with their current presence. */
  @OnRequest(ClientRequest.WatchPresence)
  watchPresence(@ConnectedSocket() socket: Socket, @MessageBody() body: unknown) {
    return answer(async () => {
      const jids = parseJidList(body);
      await socket.join(jids.map(presenceRoom));
      return { presences: await this.badges.current(jids) };
    });
  }

  @OnRequest(ClientRequest.UnwatchPresence)
  unwatchPresence(@ConnectedSocket() socket: Socket, @MessageBody() body: unknown) {
    return answer(async () => {
      const jids = parseJidList(body);
      // eslint-disable-next-line @typescript-eslint/await-thenable -- leave() answers a promise or nothing, by adapter
      await Promise.all(jids.map((jid) => socket.leave(presenceRoom(jid))));
      return { unwatched: jids };
    });
  }

  @OnRequest(ClientRequest.SendMessage)
  sendMessage(@ConnectedSocket() socket: Socket, @MessageBody() body: unknown) {
    return answer(() => this.sender.send(socketIdentity(socket).jid, parseRequest(SendMessageRequest, body)));
  }

  @OnRequest(ClientRequest.CorrectMessage)
  correctMessage(@ConnectedSocket() socket: Socket, @MessageBody() body: unknown) {
    return answer(() => this.sender.correct(socketIdentity(socket).jid, parseRequest(CorrectMessageRequest, body)));
  }

  @OnRequest(ClientRequest.RetractMessage)
  retractMessage(@ConnectedSocket() socket: Socket, @MessageBody() body: unknown) {
    return answer(() => this.sender.retract(socketIdentity(socket).jid, parseRequest(RetractMessageRequest, body)));
  }

  @OnRequest(ClientRequest.ChatState)
  chatState(@ConnectedSocket() socket: Socket, @MessageBody() body: unknown) {
    return answer(() => this.sender.chatState(socketIdentity(socket).jid, parseRequest(ChatStateRequest, body)));
  }

  @OnRequest(ClientRequest.MarkRead)
  markRead(@ConnectedSocket() socket: Socket, @MessageBody() body: unknown) {
    return answer(() => this.sender.markRead(socketIdentity(socket).jid, parseRequest(MarkReadRequest, body)));
  }

  @OnRequest(ClientRequest.JoinRoom)
  joinRoom(@ConnectedSocket() socket: Socket, @MessageBody() body: unknown) {
    return answer(() => this.rooms.join(socketIdentity(socket).jid, parseRequest(JoinRoomRequest, body)));
  }

  @OnRequest(ClientRequest.ListConversations)
  listConversations(@ConnectedSocket() socket: Socket, @MessageBody() body: unknown) {
    return answer(() => this.reader.list(socketIdentity(socket).jid, parseRequest(ConversationListRequest, body)));
  }

  @OnRequest(ClientRequest.History)
  history(@ConnectedSocket() socket: Socket, @MessageBody() body: unknown) {
    return answer(() => this.reader.history(socketIdentity(socket).jid, parseRequest(HistoryRequest, body)));
  }

  /** After a reconnect: everything since the last activity id the client saw. */
  @OnRequest(ClientRequest.CatchUp)
  catchUp(@ConnectedSocket() socket: Socket, @MessageBody() body: unknown) {
    return answer(() => this.reader.catchUp(socketIdentity(socket).jid, parseRequest(CatchUpRequest, body)));
  }

  @OnRequest(ClientRequest.Activities)
  activities(@ConnectedSocket() socket: Socket, @MessageBody() body: unknown) {
    return answer(() => this.reader.streamPage(socketIdentity(socket).jid, parseRequest(ActivityPageRequest, body)));
  }

  @OnRequest(ClientRequest.Search)
  searchMessages(@ConnectedSocket() socket: Socket, @MessageBody() body: unknown) {
    return answer(() => this.search.search(socketIdentity(socket).jid, parseRequest(SearchRequest, body)));
  }
}

/** Runs a request; a refusal becomes the acknowledgement instead of an exception. */
async function answer<T>(work: () => Promise<T>): Promise<T | ErrorAnswer> {
  try {
    return await work();
  } catch (error) {
    return refusal(error);
  }
}
