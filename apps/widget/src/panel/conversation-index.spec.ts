import type { ConversationSummary, MessageEvent } from '../client/protocol';
import { ConversationIndex } from './conversation-index';

const me = 'alice@x';
const id = 'dm:alice@x|bob@x';
const event = (n: number, from = 'bob@x'): MessageEvent => ({
  id: `msg_${n}`,
  messageId: `msg_${n}`,
  conversationId: id,
  type: 'chat',
  from,
  to: me,
  body: `message ${n}`,
  stamp: `2026-01-01T10:00:0${n}.000Z`,
  position: `00000000000000${n}-000000`,
});
const summary = (n: number, unread: number): ConversationSummary => ({
  id,
  kind: 'direct',
  with: 'bob@x',
  unread,
  lastActivityAt: event(n).stamp,
  lastMessage: { id: `msg_${n}`, from: 'bob@x', excerpt: `message ${n}`, stamp: event(n).stamp, position: event(n).position },
});

describe('the conversation list state', () => {
  it('counts live messages from others as unread unless the person is looking, never twice', () => {
    const index = new ConversationIndex();
    index.onMessage(event(1), me, false);
    index.onMessage(event(1), me, false);
    index.onMessage(event(2, me), me, false);
    index.onMessage(event(3), me, true);
    expect(index.get(id)).toMatchObject({ unread: 1, with: 'bob@x', lastMessage: { excerpt: 'message 3' } });
  });

  it('keeps what live events told when the server list has not caught up yet', () => {
    const index = new ConversationIndex();
    index.replace([summary(1, 0)], undefined);
    index.onMessage(event(2), me, false);
    index.replace([summary(1, 0)], undefined);
    expect(index.get(id)).toMatchObject({ unread: 1, lastMessage: { excerpt: 'message 2' } });
    index.replace([summary(3, 2)], undefined);
    expect(index.get(id)).toMatchObject({ unread: 2, lastMessage: { excerpt: 'message 3' } });
  });

  it('takes a newer last message from history, and a correction of the last one', () => {
    const index = new ConversationIndex();
    index.replace([summary(1, 0)], undefined);
    expect(index.onNewest(id, { messageId: 'msg_2', from: 'bob@x', body: 'message 2', stamp: event(2).stamp, position: event(2).position, retracted: false })).toBe(true);
    index.onMessage({ ...event(2), id: 'edit_2', body: 'message 2, corrected', replace: 'msg_2' }, me, false);
    expect(index.get(id)).toMatchObject({ unread: 0, lastMessage: { excerpt: 'message 2, corrected' } });
  });
});
