import type { ConversationRef } from '../conversation/conversation';
import type { PresenceState } from '../presence/presence';

/**
 * An ActivityStreams 2.0 shaped record of something that happened in chat. `id` is stable and derived from the
 * XMPP stanza, so the same event seen twice yields the same id and the store refuses the duplicate.
 */
export interface Activity {
  id: string;
  type: ActivityType;
  /** A bare JID, or a room occupant JID (room@muc/nick) when the server does not reveal who it is. */
  actor: string;
  object: ActivityObject;
  /** The conversation, for chat activities. */
  target?: ConversationRef;
  published: Date;
  /** The server's order: the position of the stanza in the gateway's inbound journal. */
  position: string;
}

export type ActivityType = 'Create' | 'Update' | 'Delete';

export type ActivityObject =
  | { type: 'Note'; id: string; content: string; inReplyTo?: never }
  | { type: 'Tombstone'; id: string }
  | { type: 'Presence'; id: string; state: PresenceState; status?: string; lastSeen?: string };
