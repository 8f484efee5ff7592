/**
 * Conversation ids and names from addresses, through the domain's own parsers: the widget reads an id the way the
 * api made it. The page hands over addresses as plain strings, hence the casts.
 */
import { type BareJid, type ConversationKind, directConversation, parseConversationId, roomConversation, splitJid } from '@chat/domain/addresses';

export type { ConversationKind };

export function directConversationId(a: string, b: string): string {
  return directConversation(a as BareJid, b as BareJid).id;
}

export function roomConversationId(room: string): string {
  return roomConversation(room as BareJid).id;
}

/** The kind of a conversation and who or what it is with, seen by `me`. */
export function conversationTarget(conversationId: string, me: string): { kind: ConversationKind; with: string } {
  const address = parseConversationId(conversationId);
  if (address?.kind === 'room') return { kind: 'room', with: address.room };
  const people: string[] = address?.people ?? [];
  return { kind: 'direct', with: people.find((p) => p !== me) ?? people[0] ?? '' };
}

/** A readable name when the page gives none: the nick of a room occupant, the local part of a JID. */
export function defaultName(jid: string): string {
  const { local, resource } = splitJid(jid);
  return resource || local || jid;
}

/** Whether what someone typed looks like a person's or a room's address; the api decides whether it is one. */
export function looksLikeBareJid(value: string): boolean {
  return /^[^\s@/]+@[^\s@/]+\.?[^\s@/]*$/.test(value);
}
