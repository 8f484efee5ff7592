import type { ConversationKind } from '../conversation/conversation';

/** One earlier version of a message's body, and what replaced it. */
export interface MessageEdit {
  /** The correction or retraction activity that made this change. */
  activityId: string;
  kind: 'correction' | 'retraction';
  /** The body before the change. */
  previous: string;
  at: Date;
}

/**
 * A chat message as it reads now, however many copies of it arrived: corrections (XEP-0308) replace its body,
 * a retraction (XEP-0424) empties it, and every earlier body is kept in `edits`.
 */
export interface ArchivedMessage {
  /** Derived from the conversation, the author and the client's id, so every copy falls on the same one. */
  id: string;
  conversationId: string;
  conversationKind: ConversationKind;
  /** The stanza's type: chat, normal or groupchat. */
  messageType: string;
  /** The author's bare JID, when known. */
  author?: string;
  /** The room occupant JID (room@muc/nick) when only the nick is known. */
  authorOccupant?: string;
  to: string;
  body: string;
  /** Every id a correction or retraction may refer to: stanza id, origin-id, server stanza-ids. */
  aliases: string[];
  sentAt: Date;
  /** The journal position: the server's order. */
  position: string;
  edits: MessageEdit[];
  editedAt?: Date;
  retractedAt?: Date;
}
