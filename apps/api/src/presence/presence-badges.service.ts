import { Injectable } from '@nestjs/common';
import type { BareJid } from '@chat/domain';
import { PresenceRepository } from '@chat/persistence';
import { toWebPresence } from '@chat/realtime';
import type { WebPresence } from '@chat/web-protocol';

/** Current badges for a list of users; a user never seen online reads as offline. */
@Injectable()
export class PresenceBadges {
  constructor(private readonly presences: PresenceRepository) {}

  async current(jids: BareJid[]): Promise<WebPresence[]> {
    const known = await this.presences.findMany(jids);
    return jids.map((jid) => toWebPresence(known.get(jid) ?? { jid, state: 'offline', resources: [] }));
  }
}
