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
  switch (activity.type) {
    case 'Create':
      // A message retracted since it was said comes back as a Tombstone: the missed message and its retraction.
      return object.type === 'Tombstone' ? { ...base, body: '', retract: object.id } : { ...base, body: content };
    case 'Update':
      return { ...base, body: content, replace: object.id };
    case 'Delete':
      return { ...base, body: '', retract: object.id };
    default: {
      // A type added to the protocol must be handled above (this does not compile until it is); at run time, one
      // from a newer server is skipped.
      const unhandled: never = activity.type;
      void unhandled;
      return undefined;
    }
  }
}
