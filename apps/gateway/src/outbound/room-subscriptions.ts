import { Injectable, Logger } from '@nestjs/common';
import { type BareJid, roomConversation, splitJid } from '@chat/domain';
import { ConversationRepository } from '@chat/persistence';
import { EjabberdAdminApi } from '@chat/xmpp';

/**
 * A room accepts a message sent on a user's behalf only from an occupant or a MUC/Sub subscriber. Web users have
 * no occupant session, so the gateway subscribes them (once per gateway run) under their nick in the room.
 */
@Injectable()
export class RoomSubscriptions {
  private readonly logger = new Logger(RoomSubscriptions.name);
  private readonly done = new Set<string>();

  constructor(
    private readonly ejabberd: EjabberdAdminApi,
    private readonly conversations: ConversationRepository,
  ) {}

  async ensure(user: BareJid, room: BareJid): Promise<void> {
    const key = `${room}|${user}`;
    if (this.done.has(key)) return;
    const conversationId = roomConversation(room).id;
    const member = await this.conversations.member(conversationId, user);
    const preferred = member?.nick ?? splitJid(user).local;
    let nick = preferred;
    try {
      await this.ejabberd.subscribeRoom(user, preferred, room);
    } catch (error) {
      if (!/nickname/i.test((error as Error).message)) throw error;
      // Someone else holds the nick: the web user appears under a distinct one rather than not at all.
      nick = `${preferred} (web)`;
      await this.ejabberd.subscribeRoom(user, nick, room);
      this.logger.log(`${user} subscribed to ${room} as "${nick}" ("${preferred}" is taken)`);
    }
    // The nick the room knows the user by: the mirror credits the room's copies (which name only the nick) by it, so
    // recording the taken nick would credit its holder's messages to this user.
    if (member?.nick !== nick) await this.conversations.ensureMembers([{ conversationId, jid: user, nick }]);
    this.done.add(key);
  }
}
