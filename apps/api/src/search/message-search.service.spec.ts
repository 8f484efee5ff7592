import type { ConfigService } from '@nestjs/config';
import type { ApiEnv } from '@chat/config';
import { type ArchivedMessage, type BareJid, directConversation, type MessageSearchFilter, type MessageSearchIndex, parseSearchQuery, roomConversation } from '@chat/domain';
import type { ChatTarget, ConversationAccess } from '../access/conversation-access';
import type { RateLimits } from '../limits/rate-limits';
import { RequestRefused } from '../requests/request-refused';
import type { SearchRequest } from '../requests/request-schemas';
import { MessageSearch } from './message-search.service';

const alice = 'alice@localhost' as BareJid;
const bob = 'bob@localhost' as BareJid;
const dm = directConversation(alice, bob);
const team = roomConversation('team@conference.localhost' as BareJid);

/** Any index behind the port: answers the messages it holds in a conversation, newest first, and keeps each filter. */
class InMemoryIndex implements MessageSearchIndex {
  readonly filters: MessageSearchFilter[] = [];
  readonly messages: ArchivedMessage[] = [];

  async search(filter: MessageSearchFilter, limit: number): Promise<ArchivedMessage[]> {
    this.filters.push(filter);
    return this.messages
      .filter((m) => filter.conversationIds.includes(m.conversationId))
      .sort((a, b) => b.position.localeCompare(a.position))
      .slice(0, limit);
  }
}

/** Alice takes part in the direct conversation with Bob and in the team room, nothing else. */
class FakeAccess implements Pick<ConversationAccess, 'conversation' | 'conversationIds'> {
  async conversation(_user: BareJid, conversationId: string): Promise<ChatTarget> {
    if (conversationId === dm.id) return { conversation: dm, to: bob };
    if (conversationId === team.id) return { conversation: team, to: 'team@conference.localhost' as BareJid };
    throw new RequestRefused('forbidden', 'you do not take part in this conversation');
  }

  async conversationIds(): Promise<string[]> {
    return [dm.id, team.id];
  }
}

class CountingLimits implements Pick<RateLimits, 'consume'> {
  readonly spent: string[] = [];

  async consume(bucket: 'send' | 'read', user: string): Promise<void> {
    this.spent.push(`${bucket}:${user}`);
  }
}

const config = { get: (key: keyof ApiEnv) => ({ XMPP_MUC_DOMAIN: 'conference.localhost' })[key as 'XMPP_MUC_DOMAIN'] } as unknown as ConfigService<ApiEnv, true>;

function message(position: string, body: string, conversationId = dm.id): ArchivedMessage {
  return {
    id: `m${position}`,
    conversationId,
    conversationKind: conversationId === dm.id ? 'direct' : 'room',
    messageType: 'chat',
    author: bob,
    to: alice,
    body,
    aliases: [],
    sentAt: new Date('2026-01-01T10:00:00Z'),
    position,
    edits: [],
  };
}

function request(fields: Partial<SearchRequest>): SearchRequest {
  return { q: 'slides', limit: 20, ...fields };
}

describe('MessageSearch', () => {
  let index: InMemoryIndex;
  let limits: CountingLimits;
  let search: MessageSearch;

  beforeEach(() => {
    index = new InMemoryIndex();
    limits = new CountingLimits();
    search = new MessageSearch(new FakeAccess() as unknown as ConversationAccess, index, limits as unknown as RateLimits, config);
  });

  it('asks the index for the folded terms, the last word as a prefix, in every conversation of the user', async () => {
    await search.search(alice, request({ q: 'Café SLI' }));
    const query = parseSearchQuery('Café SLI');
    if ('error' in query) throw new Error(query.error);
    expect(index.filters).toEqual([
      { conversationIds: [dm.id, team.id], terms: query.terms, prefix: query.prefix, author: undefined, since: undefined, until: undefined, before: undefined },
    ]);
    expect(limits.spent).toEqual([`read:${alice}`]);
  });

  it('narrows to one conversation or one room the user takes part in, never wider', async () => {
    await search.search(alice, request({ conversationId: dm.id }));
    await search.search(alice, request({ room: 'Team@conference.localhost' }));
    expect(index.filters.map((f) => f.conversationIds)).toEqual([[dm.id], [team.id]]);
    await expect(search.search(alice, request({ conversationId: directConversation(bob, 'carol@localhost' as BareJid).id }))).rejects.toMatchObject({ kind: 'forbidden' });
    expect(index.filters).toHaveLength(2);
  });

  it.each(['bob@localhost', 'conference.localhost', 'team@elsewhere.example'])('refuses the room filter %j, which is no room of the MUC service', async (room) => {
    await expect(search.search(alice, request({ room }))).rejects.toMatchObject({ kind: 'bad-request' });
    expect(index.filters).toEqual([]);
  });

  it('passes the other filters on, the author as a canonical JID', async () => {
    await search.search(alice, request({ author: 'Bob@LocalHost', since: '2026-01-01T00:00:00Z', until: '2026-02-01T00:00:00+01:00', before: '0000000042-0' }));
    expect(index.filters[0]).toMatchObject({ author: bob, since: new Date('2026-01-01T00:00:00Z'), until: new Date('2026-01-31T23:00:00Z'), before: '0000000042-0' });
  });

  it('turns hits into history messages with a snippet, and points to the next page only after a full one', async () => {
    index.messages.push(message('0000000001-0', 'the slides are ready'), message('0000000002-0', 'new slides'), message('0000000003-0', 'slides v3', team.id));
    const full = await search.search(alice, request({ limit: 2 }));
    expect(full.hits.map((h) => h.message.id)).toEqual(['m0000000003-0', 'm0000000002-0']);
    expect(full.hits[0].snippet.text).toContain('slides');
    expect(full.before).toBe('0000000002-0');
    const last = await search.search(alice, request({ limit: 5 }));
    expect(last.hits).toHaveLength(3);
    expect(last.before).toBeUndefined();
    expect(last.query).toBe('slides');
  });

  it('refuses a query with nothing to search before asking the index', async () => {
    await expect(search.search(alice, request({ q: '  ...  ' }))).rejects.toMatchObject({ kind: 'bad-request' });
    expect(index.filters).toEqual([]);
  });
});
