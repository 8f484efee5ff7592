import type { BareJid } from '../jid/bare-jid';
import { directConversation, directParticipants, parseConversationId, roomConversation } from './conversation';

const alice = 'alice@localhost' as BareJid;
const bob = 'bob@localhost' as BareJid;
const team = 'team@conference.localhost' as BareJid;

describe('conversation ids', () => {
  it('names a direct conversation the same from both sides', () => {
    expect(directConversation(alice, bob)).toEqual(directConversation(bob, alice));
    expect(directParticipants(directConversation(bob, alice).id)).toEqual([alice, bob]);
  });

  it('names a room after its bare JID', () => {
    expect(roomConversation(team).id).toBe('room:team@conference.localhost');
    expect(directParticipants('room:team@conference.localhost')).toEqual([]);
  });
});

describe('parseConversationId', () => {
  it('reads back what the builders made', () => {
    expect(parseConversationId(directConversation(bob, alice).id)).toEqual({ kind: 'direct', people: [alice, bob] });
    expect(parseConversationId(roomConversation(team).id)).toEqual({ kind: 'room', room: team });
  });

  it('keeps a room JID whole, whatever it holds after the prefix', () => {
    expect(parseConversationId('room:a|b@conference.localhost')).toEqual({ kind: 'room', room: 'a|b@conference.localhost' });
  });

  it('checks the shape only, not the order or the JIDs', () => {
    expect(parseConversationId('dm:bob@localhost|alice@localhost')).toEqual({ kind: 'direct', people: [bob, alice] });
  });

  it.each([
    '',
    'dm:',
    'room:',
    'dm:alice@localhost',
    'dm:alice@localhost|',
    'dm:|bob@localhost',
    'dm:alice@localhost|bob@localhost|carol@localhost',
    'DM:alice@localhost|bob@localhost',
    'group:team@conference.localhost',
    'alice@localhost',
  ])('refuses %j, and finds no participants in it', (id) => {
    expect(parseConversationId(id)).toBeUndefined();
    expect(directParticipants(id)).toEqual([]);
  });
});
