import { type ArchivedMessage, indexTerms } from '@chat/domain';
import { toMessage, toMessageDocument } from './archived-message.mapping';

const message: ArchivedMessage = {
  id: 'msg-1',
  conversationId: 'dm:alice@localhost|bob@localhost',
  conversationKind: 'direct',
  messageType: 'chat',
  author: 'alice@localhost',
  to: 'bob@localhost',
  body: 'Les diapos sont prêtes',
  aliases: ['c1', 'server-1'],
  sentAt: new Date('2026-01-01T10:00:00Z'),
  position: '0000000001-0',
  edits: [{ activityId: 'act-2', kind: 'correction', previous: 'Les diapo', at: new Date('2026-01-01T10:01:00Z') }],
  editedAt: new Date('2026-01-01T10:01:00Z'),
};

describe('archived message mapping', () => {
  it('stores the message under its id with the search terms of its body', () => {
    const { _id, terms, prefixes, ...rest } = toMessageDocument(message);
    const { id, ...fields } = message;
    expect(_id).toBe(id);
    expect(rest).toEqual(fields);
    expect({ terms, prefixes }).toEqual(indexTerms(message.body));
    expect(terms).toContain('pretes');
  });

  it('reads the message back without the storage: no _id, no terms', () => {
    const read = toMessage(toMessageDocument(message));
    expect(read).toEqual(message);
    expect(read).not.toHaveProperty('_id');
    expect(read).not.toHaveProperty('terms');
    expect(read).not.toHaveProperty('prefixes');
  });
});
