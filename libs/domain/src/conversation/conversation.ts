import type { BareJid } from '../jid/bare-jid';

export type ConversationKind = 'direct' | 'room';

export interface ConversationRef {
  type: 'Conversation';
  id: string;
  kind: ConversationKind;
}

/** The 1:1 conversation between two people is the same whoever writes first. */
export function directConversation(a: BareJid, b: BareJid): ConversationRef {
  const [first, second] = [a, b].sort();
  return { type: 'Conversation', id: `dm:${first}|${second}`, kind: 'direct' };
}

export function roomConversation(room: BareJid): ConversationRef {
  return { type: 'Conversation', id: `room:${room}`, kind: 'room' };
}

/** The two people of a direct conversation, from its id. */
export function directParticipants(conversationId: string): BareJid[] {
  if (!conversationId.startsWith('dm:')) return [];
  return conversationId.slice(3).split('|') as BareJid[];
}
