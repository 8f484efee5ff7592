import type { BareJid } from '../jid/bare-jid';

/**
 * An ActivityStreams 2.0 shaped record of something that happened in chat. `id` is stable and derived from the
 * XMPP stanza, so the same event seen twice yields the same id and the store can refuse the duplicate.
 */
export interface Activity {
  id: string;
  type: ActivityType;
  actor: BareJid;
  object: ActivityObject;
  /** The conversation the activity belongs to: a 1:1 pair or a MUC room. */
  target: ConversationRef;
  /** The audience (AS2 `to`): everyone who may see the activity. */
  to: BareJid[];
  published: Date;
}

export type ActivityType = 'Create' | 'Update' | 'Delete';

export interface ActivityObject {
  type: 'Note';
  id: string;
  content: string;
}

export interface ConversationRef {
  type: 'Conversation';
  id: string;
  kind: 'direct' | 'room';
}
