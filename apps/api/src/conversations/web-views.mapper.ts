import type { Activity, ArchivedMessage, Conversation, ConversationMember } from '@chat/domain';
import type { WebConversation, WebHistoryMessage, WebStreamActivity, WebStreamPage } from '@chat/web-protocol';

export function toHistoryMessage(m: ArchivedMessage): WebHistoryMessage {
  return {
    id: m.id,
    conversationId: m.conversationId,
    type: m.messageType,
    from: m.author ?? m.authorOccupant ?? '',
    to: m.to,
    body: m.body,
    stamp: m.sentAt.toISOString(),
    position: m.position,
    ...(m.editedAt ? { editedAt: m.editedAt.toISOString() } : {}),
    ...(m.retractedAt ? { retractedAt: m.retractedAt.toISOString() } : {}),
  };
}

export function toConversationView(viewer: string, conversation: Conversation, member: ConversationMember): WebConversation {
  const last = conversation.lastMessage;
  return {
    id: conversation.id,
    kind: conversation.kind,
    with: conversation.kind === 'direct' ? (conversation.addresses.find((a) => a !== viewer) ?? viewer) : conversation.addresses[0],
    unread: member.unread,
    ...(member.readMessageId ? { readUpTo: member.readMessageId } : {}),
    ...(conversation.lastActivityAt ? { lastActivityAt: conversation.lastActivityAt.toISOString() } : {}),
    ...(last ? { lastMessage: { id: last.id, from: last.author, excerpt: last.excerpt, stamp: new Date(last.at).toISOString(), position: last.position } } : {}),
  };
}

const AS_CONTEXT = 'https://www.w3.org/ns/activitystreams';

/**
 * An activity in ActivityStreams 2.0 JSON. Text of a message retracted since is not repeated: the append-only
 * stream keeps the record that it was said, the archive decides what it says now.
 */
export function toStreamItem(activity: Activity, retracted: ReadonlySet<string>): WebStreamActivity {
  const object = activity.object;
  const hidden = object.type === 'Note' && retracted.has(object.id);
  return {
    id: activity.id,
    type: activity.type,
    actor: activity.actor,
    object: hidden ? { type: 'Tombstone', id: object.id } : object,
    ...(activity.target ? { target: { type: 'Conversation', id: activity.target.id, kind: activity.target.kind } } : {}),
    published: new Date(activity.published).toISOString(),
    position: activity.position,
  };
}

export function orderedCollection(id: string, first: string) {
  return { '@context': AS_CONTEXT, id, type: 'OrderedCollection', first };
}

export function orderedCollectionPage(id: string, partOf: string, items: WebStreamActivity[], links: { next?: string; prev?: string }): WebStreamPage {
  return { '@context': AS_CONTEXT, id, type: 'OrderedCollectionPage', partOf, ...links, orderedItems: items };
}
