import { Injectable } from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import type { ApiEnv } from '@chat/config';
import { type BareJid, roomConversation, splitJid } from '@chat/domain';
import { ConversationRepository } from '@chat/persistence';
import { EjabberdAdminApi } from '@chat/xmpp';
import { RateLimits } from '../limits/rate-limits';
import { parseJid } from '../requests/jid-list.request';
import { RequestRefused } from '../requests/request-refused';

/**
 * A web user joins a room the way the room allows a desktop user in: open rooms to anyone, members-only rooms to
 * their members, password-protected ones not from the web. The gateway subscribes them (MUC/Sub) on their first
 * message; from joining on they receive the room's messages and may search its history.
 */
@Injectable()
export class RoomMembership {
  private readonly mucDomain: string;

  constructor(
    private readonly ejabberd: EjabberdAdminApi,
    private readonly conversations: ConversationRepository,
    private readonly limits: RateLimits,
    config: ConfigService<ApiEnv, true>,
  ) {
    this.mucDomain = config.get('XMPP_MUC_DOMAIN', { infer: true });
  }

  async join(user: BareJid, request: { room: string }): Promise<{ conversationId: string; joined: true }> {
    await this.limits.consume('send', user);
    const room = this.roomJid(request.room);
    const conversationId = roomConversation(room).id;
    if (await this.conversations.member(conversationId, user)) return { conversationId, joined: true };
    let policy;
    try {
      policy = await this.ejabberd.roomPolicy(room);
    } catch {
      throw new RequestRefused('unavailable', 'the chat server cannot be asked about that room right now; try again');
    }
    if (!policy) throw new RequestRefused('not-found', `room: there is no room ${room}`);
    if (policy.passwordProtected) throw new RequestRefused('forbidden', 'room: password-protected rooms cannot be joined from the web');
    if (!policy.allowSubscription) throw new RequestRefused('forbidden', 'room: this room does not accept web members (MUC/Sub is off)');
    if (policy.membersOnly && !['owner', 'admin', 'member'].includes(await this.ejabberd.roomAffiliation(room, user))) {
      throw new RequestRefused('forbidden', 'room: members only');
    }
    await this.conversations.ensureMembers([{ conversationId, jid: user }]);
    return { conversationId, joined: true };
  }

  private roomJid(value: string): BareJid {
    const room = parseJid(value, 'room');
    const { local, domain } = splitJid(room);
    if (local && domain === this.mucDomain) return room;
    throw new RequestRefused('bad-request', `room: must be a room of ${this.mucDomain}`);
  }
}
