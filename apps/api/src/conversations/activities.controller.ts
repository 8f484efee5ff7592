import { Controller, Get, Query, UseGuards } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { BareJid } from '@chat/domain';
import { BearerTokenGuard } from '../auth/bearer-token.guard';
import { WebUser } from '../auth/web-user.decorator';
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
  @ApiOperation({ summary: 'Your activity stream: an ActivityStreams 2.0 OrderedCollection' })
  collection(@WebUser() user: BareJid) {
    return this.reader.streamCollection(user);
  }

  @Get('activities/page')
  @ApiOperation({ summary: 'A page of the stream (OrderedCollectionPage), newest first; follow `next` and `prev`' })
  page(@WebUser() user: BareJid, @Query() query: unknown) {
    return this.reader.streamPage(user, parseRequest(ActivityPageRequest, query));
  }

  @Get('catch-up')
  @ApiOperation({ summary: 'Everything after the last activity id a client saw (`?since=`), oldest first' })
  catchUp(@WebUser() user: BareJid, @Query() query: unknown) {
    return this.reader.catchUp(user, parseRequest(CatchUpRequest, query));
  }
}
