import { Controller, Get, Query, UseGuards } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import type { BareJid } from '@chat/domain';
import { BearerTokenGuard } from '../auth/bearer-token.guard';
import { WebUser } from '../auth/web-user.decorator';
import { ApiContract } from '../openapi/api-contract.decorator';
import { CatchUpAnswer, StreamCollectionAnswer, StreamPageAnswer } from '../openapi/answer-schemas';
import { parseRequest } from '../requests/request-refused';
import { ActivityPageRequest, CatchUpRequest } from '../requests/request-schemas';
import { ConversationReader } from './conversation-reader.service';

@ApiTags('activities')
@ApiBearerAuth()
@UseGuards(BearerTokenGuard)
@Controller('api/v1')
export class ActivitiesController {
  constructor(private readonly reader: ConversationReader) {}

  @Get('activities')
  @ApiContract({ summary: 'Your activity stream: an ActivityStreams 2.0 OrderedCollection', answer: StreamCollectionAnswer, refusals: [401, 429] })
  collection(@WebUser() user: BareJid) {
    return this.reader.streamCollection(user);
  }

  @Get('activities/page')
  @ApiContract({
    summary: 'A page of the stream (OrderedCollectionPage), newest first; follow `next` and `prev`',
    query: ActivityPageRequest,
    answer: StreamPageAnswer,
    refusals: [400, 401, 429],
  })
  page(@WebUser() user: BareJid, @Query() query: unknown) {
    return this.reader.streamPage(user, parseRequest(ActivityPageRequest, query));
  }

  @Get('catch-up')
  @ApiContract({
    summary: 'Everything after the last event a client saw (`?since=<event id>`), oldest first',
    query: CatchUpRequest,
    answer: CatchUpAnswer,
    refusals: [400, 401, 404, 429],
  })
  catchUp(@WebUser() user: BareJid, @Query() query: unknown) {
    return this.reader.catchUp(user, parseRequest(CatchUpRequest, query));
  }
}
