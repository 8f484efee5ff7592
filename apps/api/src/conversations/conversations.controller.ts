import { Body, Controller, Delete, Get, HttpCode, Param, Patch, Post, Query, UseGuards } from '@nestjs/common';
import { ApiBearerAuth, ApiBody, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { BareJid } from '@chat/domain';
import { BearerTokenGuard } from '../auth/bearer-token.guard';
import { WebUser } from '../auth/web-user.decorator';
import { openApiSchema } from '../requests/openapi-schema';
import { parseRequest } from '../requests/request-refused';
import {
  ChatStateRequest,
  ConversationListRequest,
  CorrectMessageRequest,
  HistoryRequest,
  JoinRoomRequest,
  MarkReadRequest,
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
  @ApiOperation({ summary: 'Your conversations, most recent first, with unread counts and the last message (`?before=<lastActivityAt>&limit=`)' })
  list(@WebUser() user: BareJid, @Query() query: unknown) {
    return this.reader.list(user, parseRequest(ConversationListRequest, query));
  }

  @Get('conversations/:conversationId/messages')
  @ApiOperation({ summary: 'A page of history, oldest first; `before`/`after` are position cursors from a previous page' })
  history(@WebUser() user: BareJid, @Param('conversationId') conversationId: string, @Query() query: object) {
    return this.reader.history(user, parseRequest(HistoryRequest, { ...query, conversationId }));
  }

  @Post('rooms/:room/join')
  @HttpCode(200)
  @ApiOperation({ summary: 'Join a room from the web (open rooms, or members-only rooms you are a member of)' })
  joinRoom(@WebUser() user: BareJid, @Param('room') room: string) {
    return this.rooms.join(user, parseRequest(JoinRoomRequest, { room }));
  }

  @Post('messages')
  @HttpCode(202)
  @ApiOperation({ summary: 'Send a message to a user or a room; answers with the activity id once queued' })
  @ApiBody({ schema: openApiSchema(SendMessageRequest) })
  send(@WebUser() user: BareJid, @Body() body: unknown) {
    return this.sender.send(user, parseRequest(SendMessageRequest, body));
  }

  @Patch('messages/:messageId')
  @HttpCode(202)
  @ApiOperation({ summary: 'Correct your own message (XEP-0308)' })
  @ApiBody({ schema: openApiSchema(CorrectMessageRequest.omit({ messageId: true })) })
  correct(@WebUser() user: BareJid, @Param('messageId') messageId: string, @Body() body: object) {
    return this.sender.correct(user, parseRequest(CorrectMessageRequest, { ...body, messageId }));
  }

  @Delete('messages/:messageId')
  @HttpCode(202)
  @ApiOperation({ summary: 'Retract your own message (XEP-0424)' })
  retract(@WebUser() user: BareJid, @Param('messageId') messageId: string) {
    return this.sender.retract(user, parseRequest(RetractMessageRequest, { messageId }));
  }

  @Post('conversations/:conversationId/read')
  @HttpCode(202)
  @ApiOperation({ summary: 'Mark the conversation read up to a message (a XEP-0333 displayed marker)' })
  @ApiBody({ schema: openApiSchema(MarkReadRequest.omit({ conversationId: true })) })
  markRead(@WebUser() user: BareJid, @Param('conversationId') conversationId: string, @Body() body: object) {
    return this.sender.markRead(user, parseRequest(MarkReadRequest, { ...body, conversationId }));
  }

  @Post('conversations/:conversationId/chat-state')
  @HttpCode(202)
  @ApiOperation({ summary: 'A typing notice (XEP-0085): composing, paused, active, inactive, gone' })
  @ApiBody({ schema: openApiSchema(ChatStateRequest.omit({ conversationId: true })) })
  chatState(@WebUser() user: BareJid, @Param('conversationId') conversationId: string, @Body() body: object) {
    return this.sender.chatState(user, parseRequest(ChatStateRequest, { ...body, conversationId }));
  }
}
