import { Controller, Get, Query, UseGuards } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import type { BareJid } from '@chat/domain';
import { BearerTokenGuard } from '../auth/bearer-token.guard';
import { WebUser } from '../auth/web-user.decorator';
import { ApiContract } from '../openapi/api-contract.decorator';
import { SearchAnswer } from '../openapi/answer-schemas';
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
  @ApiContract({
    summary: 'Search your conversations: all terms, the last as a prefix; accents and case ignored; CJK by fragments',
    description: 'Filters: conversationId, author, room, since, until (ISO dates); `before` is the cursor of the next page.',
    query: SearchRequest,
    answer: SearchAnswer,
    refusals: [400, 401, 403, 429],
  })
  search(@WebUser() user: BareJid, @Query() query: unknown) {
    return this.messages.search(user, parseRequest(SearchRequest, query));
  }
}
