import { Controller, Get, Query, UseGuards } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { BareJid } from '@chat/domain';
import { BearerTokenGuard } from '../auth/bearer-token.guard';
import { WebUser } from '../auth/web-user.decorator';
import { parseRequest } from '../requests/request-refused';
import { SearchRequest } from '../requests/request-schemas';
import { MessageSearch } from './message-search.service';

@ApiTags('search')
@ApiBearerAuth()
@UseGuards(BearerTokenGuard)
@Controller('api/v1/search')
export class SearchController {
  constructor(private readonly messages: MessageSearch) {}

  @Get()
  @ApiOperation({
    summary: 'Search your conversations: all terms, the last as a prefix; accents and case ignored; CJK by fragments',
    description: 'Filters: conversationId, author, room, since, until (ISO dates); `before` is the cursor of the next page.',
  })
  search(@WebUser() user: BareJid, @Query() query: unknown) {
    return this.messages.search(user, parseRequest(SearchRequest, query));
  }
}
