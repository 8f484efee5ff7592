import { Injectable } from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import type { ApiEnv } from '@chat/config';
import { type ArchivedMessage, type BareJid, type ConversationRef, directConversation, parseConversationId, roomConversation, splitJid } from '@chat/domain';
import { ConversationRepository, MessageArchive } from '@chat/persistence';
import { EjabberdAdminApi } from '@chat/xmpp';
import { parseJid } from '../requests/jid-list.request';
import { RequestRefused } from '../requests/request-refused';

export interface ChatTarget {
  conversation: ConversationRef;
  /** The peer or the room. */
  to: BareJid;
}

const KNOWN_ACCOUNT_MS = 5 * 60_000;

/**
 * Who may read or write where: the two people of a direct conversation, the members of a room. Every REST route
 * and socket request about a conversation or a message goes through here.
 */
@Injectable()
export class ConversationAccess {
  private readonly domain: string;
  private readonly mucDomain: string;
  private readonly knownAccounts = new Map<string, number>();
  /** Lookups in flight: a burst of sends to one new peer asks ejabberd once. */
  private readonly asking = new Map<string, Promise<boolean>>();

  constructor(
    private readonly conversations: ConversationRepository,
    private readonly archive: MessageArchive,
    private readonly ejabberd: EjabberdAdminApi,
    config: ConfigService<ApiEnv, true>,
  ) {
    this.domain = config.get('XMPP_DOMAIN', { infer: true });
    this.mucDomain = config.get('XMPP_MUC_DOMAIN', { infer: true });
  }

  /** Where a message to `address` goes, if this user may write there. */
  async target(user: BareJid, address: string): Promise<ChatTarget> {
    const to = parseJid(address, 'to');
    const { local, domain } = splitJid(to);
    if (!local) throw new RequestRefused('bad-request', 'to: must be a user or a room JID');
    if (domain === this.mucDomain) {
      const conversation = roomConversation(to);
      await this.requireMember(user, conversation);
      return { conversation, to };
    }
    if (domain !== this.domain) throw new RequestRefused('bad-request', `to: only users of ${this.domain} and rooms of ${this.mucDomain} are reachable`);
    if (to === user) throw new RequestRefused('bad-request', 'to: cannot send a message to yourself');
    const conversation = directConversation(user, to);
    if (!(await this.accountExists(to, conversation))) throw new RequestRefused('not-found', `to: there is no user ${to}`);
    return { conversation, to };
  }

  /** The conversation, if this user takes part in it. */
  async conversation(user: BareJid, conversationId: string): Promise<ChatTarget> {
    const address = parseConversationId(conversationId);
    if (address?.kind === 'room') {
      const conversation = roomConversation(address.room);
      await this.requireMember(user, conversation);
      return { conversation, to: address.room };
    }
    if (!address?.people.includes(user)) throw notParticipant();
    const conversation = directConversation(...address.people);
    if (conversation.id !== conversationId) throw new RequestRefused('bad-request', 'conversationId: not a canonical conversation id');
    return { conversation, to: address.people.find((p) => p !== user)! };
  }

  /** A message of a conversation this user takes part in. */
  async message(user: BareJid, messageId: string): Promise<{ message: ArchivedMessage; target: ChatTarget }> {
    const message = await this.archive.findById(messageId);
    if (!message) throw new RequestRefused('not-found', 'no such message');
    return { message, target: await this.conversation(user, message.conversationId) };
  }

  /** A message this user wrote, which they may correct or retract. */
  async ownMessage(user: BareJid, messageId: string): Promise<{ message: ArchivedMessage; target: ChatTarget }> {
    const found = await this.message(user, messageId);
    if (found.message.author !== user) throw new RequestRefused('forbidden', 'only the author may change a message');
    if (found.message.retractedAt) throw new RequestRefused('bad-request', 'the message was retracted');
    return found;
  }

  /** Every conversation id this user takes part in. */
  async conversationIds(user: BareJid): Promise<string[]> {
    return this.conversations.conversationIdsOf(user);
  }

  private async requireMember(user: BareJid, conversation: ConversationRef): Promise<void> {
    if (!(await this.conversations.member(conversation.id, user))) throw notParticipant();
  }

  /**
   * Asks ejabberd, so a typo gets an answer now rather than a bounce later. While ejabberd is down, a peer already
   * known (checked before, or met in this conversation) is accepted: the message waits in the queue for the server.
   */
  private async accountExists(jid: BareJid, conversation: ConversationRef): Promise<boolean> {
    const checked = this.knownAccounts.get(jid);
    if (checked && Date.now() - checked < KNOWN_ACCOUNT_MS) return true;
    let exists: boolean;
    try {
      let asked = this.asking.get(jid);
      if (!asked) {
        asked = this.ejabberd.accountExists(splitJid(jid).local, this.domain).finally(() => this.asking.delete(jid));
        this.asking.set(jid, asked);
      }
      exists = await asked;
    } catch {
      if (checked || (await this.conversations.member(conversation.id, jid))) return true;
      throw new RequestRefused('unavailable', 'the chat server cannot be asked about that user right now; try again');
    }
    if (exists) this.knownAccounts.set(jid, Date.now());
    return exists;
  }
}

function notParticipant(): RequestRefused {
  return new RequestRefused('forbidden', 'you do not take part in this conversation');
}
