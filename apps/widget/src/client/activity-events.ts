import type { MessageEvent, StreamActivity } from './protocol';

/**
 * What `catch-up` returns (ActivityStreams activities) as the live `message` events the widget already handles, so a
 * reconnect replays missed messages, corrections and retractions through one path.
 */
export function activityToMessageEvent(activity: StreamActivity): MessageEvent | undefined {
  const target = activity.target;
  if (!target || target.type !== 'Conversation') return undefined;
  const object = activity.object;
  const base = {
    id: activity.id,
    messageId: object.id,
    conversationId: target.id,
    type: target.kind === 'room' ? ('groupchat' as const) : ('chat' as const),
    from: activity.actor,
    to: '',
    stamp: activity.published,
    position: activity.position,
  };
  const content = object.type === 'Note' && 'content' in object ? object.content : '';
  if (activity.type === 'Create') {
    // A message retracted since it was said comes back as a Tombstone: the missed message and its retraction.
    return object.type === 'Tombstone' ? { ...base, body: '', retract: object.id } : { ...base, body: content };
  }
  if (activity.type === 'Update') return { ...base, body: content, replace: object.id };
  if (activity.type === 'Delete') return { ...base, body: '', retract: object.id };
  return undefined;
}
