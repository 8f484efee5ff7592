import { Controller, Get, Query, UseGuards } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import { z } from 'zod';
import { BearerTokenGuard } from '../auth/bearer-token.guard';
import { ApiContract } from '../openapi/api-contract.decorator';
import { PresenceAnswer } from '../openapi/answer-schemas';
import { MAX_WATCHED, parseJidList } from '../requests/jid-list.request';
import { PresenceBadges } from './presence-badges.service';

/** Only documents the query: the list is parsed by parseJidList, like the socket's watch requests. */
const PresenceQuery = z.object({ jids: z.string().min(1).describe(`comma-separated bare JIDs (at most ${MAX_WATCHED}), e.g. alice@localhost,bob@localhost`) });

@ApiTags('presence')
@ApiBearerAuth()
@UseGuards(BearerTokenGuard)
@Controller('api/v1/presence')
export class PresenceController {
  constructor(private readonly badges: PresenceBadges) {}

  /** Badges of many users at once, for a directory or a list of profile cards. */
  @Get()
  @ApiContract({ summary: 'Presence badges of many users at once', query: PresenceQuery, answer: PresenceAnswer, refusals: [400, 401] })
  async lookup(@Query('jids') jids: unknown) {
    const list = parseJidList({ jids: typeof jids === 'string' ? jids.split(',').map((j) => j.trim()) : jids });
    return { presences: await this.badges.current(list) };
  }
}
