import type { BareJid } from '../jid/bare-jid';

export type ConversationKind = 'direct' | 'room';

export interface ConversationRef {
  type: 'Conversation';
  id: string;
  kind: ConversationKind;
}

/** Who a conversation is between, read from its id. */
export type ConversationAddress = { kind: 'direct'; people: [BareJid, BareJid] } | { kind: 'room'; room: BareJid };

const DIRECT = 'dm:';
const ROOM = 'room:';

/** The 1:1 conversation between two people is the same whoever writes first. */
export function directConversation(a: BareJid, b: BareJid): ConversationRef {
  const [first, second] = [a, b].sort();
  return { type: 'Conversation', id: `${DIRECT}${first}|${second}`, kind: 'direct' };
}

export function roomConversation(room: BareJid): ConversationRef {
  return { type: 'Conversation', id: `${ROOM}${room}`, kind: 'room' };
}

/**
 * Reads an id `directConversation` or `roomConversation` could have made: `dm:<a>|<b>` (two people) or
 * `room:<room>`; undefined for anything else. Checks the shape only: whether the JIDs are canonical and the
 * people in order is for whoever trusts the id less (`directConversation(...people).id === id`).
 */
export function parseConversationId(id: string): ConversationAddress | undefined {
  if (id.startsWith(ROOM)) {
    const room = id.slice(ROOM.length) as BareJid;
    return room ? { kind: 'room', room } : undefined;
  }
  if (!id.startsWith(DIRECT)) return undefined;
  const people = id.slice(DIRECT.length).split('|') as BareJid[];
  return people.length === 2 && people[0] && people[1] ? { kind: 'direct', people: [people[0], people[1]] } : undefined;
}

/** The two people of a direct conversation, from its id; none for a room or an id that is not one. */
export function directParticipants(conversationId: string): BareJid[] {
  const address = parseConversationId(conversationId);
  return address?.kind === 'direct' ? [...address.people] : [];
}
