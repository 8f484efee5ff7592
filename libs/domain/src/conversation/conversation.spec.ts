import type { BareJid } from '../jid/bare-jid';
import { directConversation, directParticipants, roomConversation } from './conversation';

const alice = 'alice@localhost' as BareJid;
const bob = 'bob@localhost' as BareJid;

describe('conversation ids', () => {
  it('names a direct conversation the same from both sides', () => {
    expect(directConversation(alice, bob)).toEqual(directConversation(bob, alice));
    expect(directParticipants(directConversation(bob, alice).id)).toEqual([alice, bob]);
  });

  it('names a room after its bare JID', () => {
    expect(roomConversation('team@conference.localhost' as BareJid).id).toBe('room:team@conference.localhost');
    expect(directParticipants('room:team@conference.localhost')).toEqual([]);
  });
});
