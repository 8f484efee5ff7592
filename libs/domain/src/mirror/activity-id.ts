import { createHash } from 'node:crypto';
import type { ConversationEvent } from './mirror-event';

const PREFIX: Record<ConversationEvent['kind'], string> = { message: 'msg', correction: 'edit', retraction: 'retract' };

function digest(parts: string[]): string {
  return createHash('sha256').update(parts.join('\u0000')).digest('base64url').slice(0, 22);
}

/**
 * The stable id of what a conversation event records: every copy of the same stanza gets the same id, so the
 * database's unique key turns duplicates into no-ops. In a direct conversation the author is part of the key
 * (both people may reuse an id); in a room the copies reflected to occupants carry only the nick, so the room and
 * the client's id are the key.
 */
export function conversationEventId(event: ConversationEvent): string {
  const scope = event.conversation.kind === 'direct' ? [event.conversation.id, event.author.jid ?? event.author.occupant ?? ''] : [event.conversation.id];
  return `${PREFIX[event.kind]}_${digest([event.kind, ...scope, event.clientId])}`;
}

/** Presence changes are keyed by the user and the position of the stanza that caused them. */
export function presenceActivityId(jid: string, position: string): string {
  return `presence_${digest([jid, position])}`;
}
