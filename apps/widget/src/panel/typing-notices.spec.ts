import type { ChatStateEvent, MessageEvent } from '../client/protocol';
import { TypingNotices } from './typing-notices';

const conversationId = 'room:r@muc';
const notice = (position: string, state: ChatStateEvent['state'] = 'composing'): ChatStateEvent => ({
  id: `state_${position}`,
  conversationId,
  position,
  from: 'bob@x',
  to: 'r@muc',
  state,
});
const said: MessageEvent = {
  id: 'msg_1',
  messageId: 'msg_1',
  conversationId,
  type: 'groupchat',
  from: 'bob@x',
  to: 'r@muc',
  body: 'hi',
  stamp: '2026-01-01T10:00:00.000Z',
  position: '000000000000005-000000',
};

describe('typing notices', () => {
  it('ends with paused, with a message, or when not repeated', async () => {
    const typing = new TypingNotices(() => undefined, 50);
    typing.onChatState(notice('000000000000001-000000'));
    expect(typing.who(conversationId)).toEqual(['bob@x']);
    typing.onChatState(notice('000000000000002-000000', 'paused'));
    expect(typing.who(conversationId)).toEqual([]);
    typing.onChatState(notice('000000000000003-000000'));
    typing.onMessage(said);
    expect(typing.who(conversationId)).toEqual([]);
    typing.onChatState(notice('000000000000009-000000'));
    expect(typing.who(conversationId)).toEqual(['bob@x']);
    await new Promise((resolve) => setTimeout(resolve, 80));
    expect(typing.who(conversationId)).toEqual([]);
  });

  it('ignores a notice that arrives after the message it announced', () => {
    const typing = new TypingNotices(() => undefined);
    typing.onMessage(said);
    typing.onChatState(notice('000000000000004-000000'));
    expect(typing.who(conversationId)).toEqual([]);
  });

  it('ends with a correction from the same person, not with a retraction', () => {
    const typing = new TypingNotices(() => undefined);
    typing.onChatState(notice('000000000000006-000000'));
    typing.onMessage({ ...said, id: 'retract_1', retract: 'msg_0', position: '000000000000007-000000' });
    expect(typing.who(conversationId)).toEqual(['bob@x']);
    typing.onMessage({ ...said, id: 'edit_1', replace: 'msg_1', position: '000000000000008-000000' });
    expect(typing.who(conversationId)).toEqual([]);
  });
});
