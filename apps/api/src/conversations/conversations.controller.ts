import { Body, Controller, Delete, Get, Param, Patch, Post, Query, UseGuards } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import type { BareJid } from '@chat/domain';
import { BearerTokenGuard } from '../auth/bearer-token.guard';
import { WebUser } from '../auth/web-user.decorator';
import { ApiContract } from '../openapi/api-contract.decorator';
import { ChatStateAnswer, ConversationListAnswer, HistoryPageAnswer, JoinRoomAnswer, ReadReceiptAnswer, SendReceiptAnswer } from '../openapi/answer-schemas';
import { parseRequest } from '../requests/request-refused';
import {
  ChatStateRequest,
  ConversationListRequest,
  conversationId,
  CorrectMessageRequest,
  HistoryRequest,
  JoinRoomRequest,
  MarkReadRequest,
  messageId,
  RetractMessageRequest,
  SendMessageRequest,
} from '../requests/request-schemas';
import { WebSender } from '../sending/web-sender.service';
import { ConversationReader } from './conversation-reader.service';
import { RoomMembership } from './room-membership.service';

@ApiTags('conversations')
@ApiBearerAuth()
@UseGuards(BearerTokenGuard)
@Controller('api/v1')
export class ConversationsController {
  constructor(
    private readonly reader: ConversationReader,
    private readonly sender: WebSender,
    private readonly rooms: RoomMembership,
  ) {}

  @Get('conversations')
  @ApiContract({
    summary: 'Your conversations, most recent first, with unread counts and the last message (`?before=<lastActivityAt>&limit=`)',
    query: ConversationListRequest,
    answer: ConversationListAnswer,
    refusals: [400, 401, 429],
  })
  list(@WebUser() user: BareJid, @Query() query: unknown) {
    return this.reader.list(user, parseRequest(ConversationListRequest, query));
  }

  @Get('conversations/:conversationId/messages')
  @ApiContract({
    summary: 'A page of history, oldest first; `before`/`after` are position cursors from a previous page',
    path: { conversationId },
    query: HistoryRequest,
    answer: HistoryPageAnswer,
    refusals: [400, 401, 403, 429],
  })
  history(@WebUser() user: BareJid, @Param('conversationId') conversation: string, @Query() query: object) {
    return this.reader.history(user, parseRequest(HistoryRequest, { ...query, conversationId: conversation }));
  }

  @Post('rooms/:room/join')
  @ApiContract({
    summary: 'Join a room from the web (open rooms, or members-only rooms you are a member of)',
    path: { room: JoinRoomRequest.shape.room },
    answer: JoinRoomAnswer,
    refusals: [400, 401, 403, 404, 429, 503],
  })
  joinRoom(@WebUser() user: BareJid, @Param('room') room: string) {
    return this.rooms.join(user, parseRequest(JoinRoomRequest, { room }));
  }

  @Post('messages')
  @ApiContract({
    summary: 'Send a message to a user or a room; answers with the activity id once queued',
    body: SendMessageRequest,
    answer: SendReceiptAnswer,
    status: 202,
    refusals: [400, 401, 403, 404, 413, 429, 503],
  })
  send(@WebUser() user: BareJid, @Body() body: unknown) {
    return this.sender.send(user, parseRequest(SendMessageRequest, body));
  }

  @Patch('messages/:messageId')
  @ApiContract({
    summary: 'Correct your own message (XEP-0308)',
    path: { messageId },
    body: CorrectMessageRequest.omit({ messageId: true }),
    answer: SendReceiptAnswer,
    status: 202,
    refusals: [400, 401, 403, 404, 413, 429],
  })
  correct(@WebUser() user: BareJid, @Param('messageId') message: string, @Body() body: object) {
    return this.sender.correct(user, parseRequest(CorrectMessageRequest, { ...body, messageId: message }));
  }

  @Delete('messages/:messageId')
  @ApiContract({
    summary: 'Retract your own message (XEP-0424)',
    path: { messageId },
    answer: SendReceiptAnswer,
    status: 202,
    refusals: [400, 401, 403, 404, 429],
  })
  retract(@WebUser() user: BareJid, @Param('messageId') message: string) {
    return this.sender.retract(user, parseRequest(RetractMessageRequest, { messageId: message }));
  }

  @Post('conversations/:conversationId/read')
  @ApiContract({
    summary: 'Mark the conversation read up to a message (a XEP-0333 displayed marker)',
    path: { conversationId },
    body: MarkReadRequest.omit({ conversationId: true }),
    answer: ReadReceiptAnswer,
    status: 202,
    refusals: [400, 401, 403, 404, 413, 429],
  })
  markRead(@WebUser() user: BareJid, @Param('conversationId') conversation: string, @Body() body: object) {
    return this.sender.markRead(user, parseRequest(MarkReadRequest, { ...body, conversationId: conversation }));
  }

  @Post('conversations/:conversationId/chat-state')
  @ApiContract({
    summary: 'A typing notice (XEP-0085): composing, paused, active, inactive, gone',
    path: { conversationId },
    body: ChatStateRequest.omit({ conversationId: true }),
    answer: ChatStateAnswer,
    status: 202,
    refusals: [400, 401, 403, 413, 429],
  })
  chatState(@WebUser() user: BareJid, @Param('conversationId') conversation: string, @Body() body: object) {
    return this.sender.chatState(user, parseRequest(ChatStateRequest, { ...body, conversationId: conversation }));
  }
}
