import type { ArchivedMessage, ChatStateEvent } from '@chat/domain';
import type { ChatFanoutJob } from '@chat/queues';
import { chatStateEventId } from '@chat/realtime';
import type { WebMessage } from '@chat/web-protocol';
import type { Positioned } from './journal-batch';

export interface MessageChange {
  message: ArchivedMessage;
  /** The activity that created, corrected or retracted the message. */
  eventId: string;
  replace?: string;
  retract?: string;
}

/** One job per conversation, its events in the order given, so a socket sees them in that order. */
export function messageJobs(changes: MessageChange[]): ChatFanoutJob[] {
  const byConversation = new Map<string, { kind: 'direct' | 'room'; events: WebMessage[] }>();
  for (const change of changes) {
    const { message } = change;
    const entry = byConversation.get(message.conversationId) ?? { kind: message.conversationKind, events: [] };
    byConversation.set(message.conversationId, entry);
    entry.events.push(toWebMessage(change));
  }
  return [...byConversation.entries()].map(([conversationId, { kind, events }]) => ({
    kind: 'messages',
    conversationId,
    conversationKind: kind,
    events,
  }));
}

/** The author's bare JID, or the room occupant JID when only the nick is known. */
export function authorOf(message: ArchivedMessage): string {
  return message.author ?? message.authorOccupant ?? '';
}

function toWebMessage({ message, eventId, replace, retract }: MessageChange): WebMessage {
  return {
    id: eventId,
    messageId: message.id,
    conversationId: message.conversationId,
    type: message.messageType as WebMessage['type'],
    from: authorOf(message),
    to: message.to,
    body: message.body,
    stamp: message.sentAt.toISOString(),
    position: message.position,
    ...(replace ? { replace } : {}),
    ...(retract ? { retract } : {}),
  };
}

export function chatStateJob({ event, position }: Positioned<ChatStateEvent>): ChatFanoutJob {
  return {
    kind: 'chat-state',
    conversationId: event.conversation.id,
    conversationKind: event.conversation.kind,
    event: { id: chatStateEventId(position), conversationId: event.conversation.id, position, from: event.from, to: event.to, state: event.state },
  };
}
