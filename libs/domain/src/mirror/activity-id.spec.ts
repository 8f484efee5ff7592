import { directConversation, roomConversation } from '../conversation/conversation';
import type { BareJid } from '../jid/bare-jid';
import { conversationEventId } from './activity-id';
import type { ChatMessageEvent } from './mirror-event';

const alice = 'alice@localhost' as BareJid;
const bob = 'bob@localhost' as BareJid;
const room = 'team@conference.localhost' as BareJid;

const message = (over: Partial<ChatMessageEvent>): ChatMessageEvent => ({
  kind: 'message',
  conversation: directConversation(alice, bob),
  author: { jid: alice },
  to: bob,
  clientId: 'm1',
  aliases: ['m1'],
  at: new Date(),
  messageType: 'chat',
  body: 'hi',
  ...over,
});

describe('conversationEventId', () => {
  it('gives every copy of a stanza the same id, whatever their arrival time or body', () => {
    expect(conversationEventId(message({}))).toBe(conversationEventId(message({ at: new Date(0), body: 'x' })));
  });

  it('separates authors in a direct conversation and kinds of event', () => {
    expect(conversationEventId(message({}))).not.toBe(conversationEventId(message({ author: { jid: bob }, to: alice })));
    expect(conversationEventId(message({}))).toMatch(/^msg_[A-Za-z0-9_-]{22}$/);
  });

  it('matches the sender copy and the reflected copies of a room message', () => {
    const conversation = roomConversation(room);
    const sent = message({ conversation, to: room, messageType: 'groupchat', author: { jid: alice } });
    const reflected = message({ conversation, to: room, messageType: 'groupchat', author: { occupant: `${room}/alice` } });
    expect(conversationEventId(sent)).toBe(conversationEventId(reflected));
  });
});
