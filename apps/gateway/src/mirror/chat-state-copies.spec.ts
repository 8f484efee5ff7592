import { type ChatStateEvent, directConversation, toBareJid } from '@chat/domain';
import { ChatStateCopies } from './chat-state-copies';

const alice = toBareJid('alice@localhost');
const bob = toBareJid('bob@localhost');
const conversation = directConversation(alice, bob);

function notice(state: ChatStateEvent['state'], atMs: number, clientId?: string) {
  const event: ChatStateEvent = { kind: 'chat-state', conversation, from: alice, to: bob, state, at: new Date(atMs), ...(clientId ? { clientId } : {}) };
  return { event, position: String(atMs) };
}

describe('ChatStateCopies', () => {
  it('keeps one of the copies of a notice with an id, even when copies of the next notice come between them', () => {
    const copies = new ChatStateCopies();
    const kept = copies.firstCopies([notice('composing', 1000, 'n1'), notice('paused', 1001, 'n2'), notice('composing', 1002, 'n1'), notice('paused', 1003, 'n2')]);
    expect(kept.map((k) => k.event.clientId)).toEqual(['n1', 'n2']);
  });

  it('keeps a new notice of the same state when it has a new id', () => {
    const copies = new ChatStateCopies();
    expect(copies.firstCopies([notice('composing', 1000, 'n1'), notice('composing', 9000, 'n3')])).toHaveLength(2);
  });

  it('drops a repeat without id of the same state within the window, keeps one after it or after a change', () => {
    const copies = new ChatStateCopies();
    const kept = copies.firstCopies([notice('composing', 1000), notice('composing', 1005), notice('paused', 1500), notice('composing', 1600), notice('composing', 5000)]);
    expect(kept.map((k) => `${k.event.state}@${k.event.at.getTime()}`)).toEqual(['composing@1000', 'paused@1500', 'composing@1600', 'composing@5000']);
  });

  it('remembers across batches', () => {
    const copies = new ChatStateCopies();
    expect(copies.firstCopies([notice('composing', 1000, 'n1')])).toHaveLength(1);
    expect(copies.firstCopies([notice('composing', 1001, 'n1')])).toHaveLength(0);
  });
});
