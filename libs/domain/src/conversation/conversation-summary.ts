import type { BareJid } from '../jid/bare-jid';
import type { ConversationKind } from './conversation';

/** The newest message of a conversation, as a conversation list shows it. */
export interface LastMessage {
  id: string;
  author?: string;
  excerpt: string;
  at: Date;
  position: string;
}

/** A 1:1 conversation or a room, with what a conversation list shows. */
export interface Conversation {
  id: string;
  kind: ConversationKind;
  /** The two people of a direct conversation, or the room's JID. */
  addresses: string[];
  lastActivityAt?: Date;
  lastMessage?: LastMessage;
  messageCount: number;
}

/** One person in one conversation: their unread count, their read marker and, in rooms, their nick. */
export interface ConversationMember {
  jid: BareJid;
  nick?: string;
  unread: number;
  /** Position of the last message this member has seen (XEP-0333 displayed), from any of their clients. */
  readPosition?: string;
  readMessageId?: string;
}
