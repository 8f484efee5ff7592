import { Controller, Get, Query, UseGuards } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiQuery, ApiTags } from '@nestjs/swagger';
import { parseJidList } from '../requests/jid-list.request';
import { BearerTokenGuard } from '../auth/bearer-token.guard';
import { PresenceBadges } from './presence-badges.service';

@ApiTags('presence')
@ApiBearerAuth()
@UseGuards(BearerTokenGuard)
@Controller('api/v1/presence')
export class PresenceController {
  constructor(private readonly badges: PresenceBadges) {}

  /** Badges of many users at once, for a directory or a list of profile cards. */
  @Get()
  @ApiQuery({ name: 'jids', description: 'comma-separated bare JIDs (at most 500)', example: 'alice@localhost,bob@localhost' })
  @ApiOkResponse({ description: '`{ presences: [{ jid, show, status?, lastSeen?, resources }] }`' })
  async lookup(@Query('jids') jids: unknown) {
    const list = parseJidList({ jids: typeof jids === 'string' ? jids.split(',').map((j) => j.trim()) : jids });
    return { presences: await this.badges.current(list) };
  }
}
