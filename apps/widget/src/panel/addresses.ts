/** Conversation ids and names from addresses, the way the api forms them (`dm:a|b` sorted, `room:r`). */

export type ConversationKind = 'direct' | 'room';

export function directConversationId(a: string, b: string): string {
  return `dm:${[a, b].sort().join('|')}`;
}

export function roomConversationId(room: string): string {
  return `room:${room}`;
}

/** The kind of a conversation and who or what it is with, seen by `me`. */
export function conversationTarget(conversationId: string, me: string): { kind: ConversationKind; with: string } {
  if (conversationId.startsWith('room:')) return { kind: 'room', with: conversationId.slice('room:'.length) };
  const people = conversationId.slice('dm:'.length).split('|');
  return { kind: 'direct', with: people.find((p) => p !== me) ?? people[0] };
}

/** A readable name when the page gives none: the nick of a room occupant, the local part of a JID. */
export function defaultName(jid: string): string {
  const slash = jid.indexOf('/');
  if (slash >= 0) return jid.slice(slash + 1);
  const at = jid.indexOf('@');
  return at > 0 ? jid.slice(0, at) : jid;
}

export function isBareJid(value: string): boolean {
  return /^[^\s@/]+@[^\s@/]+\.?[^\s@/]*$/.test(value);
}
