import { conversationTarget, defaultName, directConversationId, roomConversationId } from './addresses';

describe('widget addresses', () => {
  it('forms the ids the api forms', () => {
    expect(directConversationId('bob@localhost', 'alice@localhost')).toBe('dm:alice@localhost|bob@localhost');
    expect(roomConversationId('team@conference.localhost')).toBe('room:team@conference.localhost');
  });

  it('tells who a conversation is with, seen by me', () => {
    expect(conversationTarget('dm:alice@localhost|bob@localhost', 'alice@localhost')).toEqual({ kind: 'direct', with: 'bob@localhost' });
    expect(conversationTarget('dm:alice@localhost|bob@localhost', 'bob@localhost')).toEqual({ kind: 'direct', with: 'alice@localhost' });
    expect(conversationTarget('room:team@conference.localhost', 'alice@localhost')).toEqual({ kind: 'room', with: 'team@conference.localhost' });
  });

  it('names a room occupant by nick, a person by local part, anything else as given', () => {
    expect(defaultName('team@conference.localhost/Bob/at@home')).toBe('Bob/at@home');
    expect(defaultName('alice@localhost')).toBe('alice');
    expect(defaultName('conference.localhost')).toBe('conference.localhost');
    expect(defaultName('@localhost')).toBe('@localhost');
  });
});
