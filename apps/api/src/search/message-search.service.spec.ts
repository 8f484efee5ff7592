import type { ConfigService } from '@nestjs/config';
import type { ApiEnv } from '@chat/config';
import { type BareJid, directConversation, type MessageSearchIndex, roomConversation } from '@chat/domain';
import type { ChatTarget, ConversationAccess } from '../access/conversation-access';
import type { RateBucket, RateLimits } from '../limits/rate-limits';
import { RequestRefused } from '../requests/request-refused';
import type { SearchRequest } from '../requests/request-schemas';
import { MessageSearch } from './message-search.service';

type ArchivedMessage = Awaited<ReturnType<MessageSearchIndex['search']>>[number];
type MessageSearchFilter = Parameters<MessageSearchIndex['search']>[0];

const alice = 'alice@localhost' as BareJid;
const bob = 'bob@localhost' as BareJid;
const room = 'team@conference.localhost' as BareJid;
const dm = directConversation(alice, bob);

/** An index that answers with the messages a test gives it and records what it was asked. */
class RecordingIndex implements MessageSearchIndex {
  readonly asked: Array<{ filter: MessageSearchFilter; limit: number }> = [];
  answer: ArchivedMessage[] = [];

  async search(filter: MessageSearchFilter, limit: number): Promise<ArchivedMessage[]> {
    this.asked.push({ filter, limit });
    return this.answer.slice(0, limit);
  }
}

/** Alice takes part in the direct conversation with Bob and in the room; nothing else. */
class FakeAccess implements Pick<ConversationAccess, 'conversation' | 'conversationIds'> {
  async conversation(user: BareJid, conversationId: string): Promise<ChatTarget> {
    if (conversationId === dm.id) return { conversation: dm, to: bob };
    if (conversationId === roomConversation(room).id) return { conversation: roomConversation(room), to: room };
    throw new RequestRefused('forbidden', 'you do not take part in this conversation');
  }

  async conversationIds(): Promise<string[]> {
    return [dm.id, roomConversation(room).id];
  }
}

class CountingLimits implements Pick<RateLimits, 'consume'> {
  readonly spent: string[] = [];
  async consume(bucket: RateBucket, user: string): Promise<void> {
    this.spent.push(`${bucket}:${user}`);
  }
}

class FixedConfig {
  get(): string {
    return 'conference.localhost';
  }
}

function setUp() {
  const index = new RecordingIndex();
  const limits = new CountingLimits();
  const search = new MessageSearch(new FakeAccess() as unknown as ConversationAccess, index, limits as unknown as RateLimits, new FixedConfig() as unknown as ConfigService<ApiEnv, true>);
  return { search, index, limits };
}

const request = (fields: Partial<SearchRequest>): SearchRequest => ({ q: 'slides', limit: 20, ...fields }) as SearchRequest;

function message(id: string, body: string, position: string): ArchivedMessage {
  return {
    id,
    conversationId: dm.id,
    conversationKind: 'direct',
    messageType: 'chat',
    author: alice,
    to: bob,
    body,
    aliases: [],
    sentAt: new Date(Date.UTC(2026, 11, 2)),
    position,
    edits: [],
  } as ArchivedMessage;
}

async function refusal(promise: Promise<unknown>): Promise<{ kind: string; message: string }> {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(RequestRefused);
  return { kind: (error as RequestRefused).kind, message: (error as RequestRefused).message };
}

describe('MessageSearch', () => {
  it('asks the index for the parsed terms in every conversation the user takes part in, and spends a read request', async () => {
    const { search, index, limits } = setUp();
    await search.search(alice, request({ q: 'Réunion écol', author: bob, since: '2026-12-01T00:00:00Z', before: 'p9' }));
    expect(index.asked).toEqual([
      {
        filter: { conversationIds: [dm.id, `room:${room}`], terms: ['reunion'], prefix: 'ecol', author: bob, since: new Date('2026-12-01T00:00:00Z'), until: undefined, before: 'p9' },
        limit: 20,
      },
    ]);
    expect(limits.spent).toEqual(['read:alice@localhost']);
  });

  it('narrows to one conversation or one room, never to one the user is not in', async () => {
    const { search, index } = setUp();
    await search.search(alice, request({ conversationId: dm.id }));
    await search.search(alice, request({ room }));
    expect(index.asked.map((a) => a.filter.conversationIds)).toEqual([[dm.id], [`room:${room}`]]);
    expect(await refusal(search.search(alice, request({ conversationId: `dm:alice@localhost|carol@localhost` })))).toMatchObject({ kind: 'forbidden' });
    expect(await refusal(search.search(alice, request({ room: 'team@localhost' })))).toEqual({ kind: 'bad-request', message: 'room: not a room of conference.localhost' });
    expect(index.asked).toHaveLength(2);
  });

  it('refuses a query that parses to nothing, naming the field, without asking the index', async () => {
    const { search, index } = setUp();
    expect(await refusal(search.search(alice, request({ q: '!!' })))).toEqual({ kind: 'bad-request', message: 'q: query is empty' });
    expect(index.asked).toEqual([]);
  });

  it('answers hits with their snippet, and a cursor only when the page is full', async () => {
    const { search, index } = setUp();
    index.answer = [message('m2', 'the slides are ready', 'p2'), message('m1', 'slides?', 'p1')];
    const full = await search.search(alice, request({ limit: 2 }));
    expect(full.query).toBe('slides');
    expect(full.hits.map((h) => [h.message.id, h.snippet.highlights])).toEqual([
      ['m2', [[4, 10]]],
      ['m1', [[0, 6]]],
    ]);
    expect(full.before).toBe('p1');
    expect(await search.search(alice, request({ limit: 3 }))).not.toHaveProperty('before');
  });
});
