import type { Activity, BareJid } from '@chat/domain';
import { directConversation } from '@chat/domain';
import { positionAt } from '@chat/journal';
import type { ActivityRepository, ConversationRepository, MessageArchive } from '@chat/persistence';
import { chatStateEventId, presenceEventId, readEventId } from '@chat/realtime';
import type { ChatTarget, ConversationAccess } from '../access/conversation-access';
import type { RateBucket, RateLimits } from '../limits/rate-limits';
import { RequestRefused } from '../requests/request-refused';
import { ConversationReader } from './conversation-reader.service';

type ArchivedMessage = NonNullable<Awaited<ReturnType<MessageArchive['findById']>>>;
type ConversationMember = Awaited<ReturnType<ConversationRepository['membersOf']>>[number];

const alice = 'alice@localhost' as BareJid;
const bob = 'bob@localhost' as BareJid;
const carol = 'carol@localhost' as BareJid;
const dm = directConversation(alice, bob);
const elsewhere = directConversation(bob, carol);
const position = (n: number) => `${String(n).padStart(15, '0')}-000000`;
const messageId = (n: number) => `msg_${String(n).padStart(22, '0')}`;

/** Alice and Bob's conversation; anything else is refused. */
class FakeAccess implements Pick<ConversationAccess, 'conversation' | 'conversationIds'> {
  async conversation(user: BareJid, conversationId: string): Promise<ChatTarget> {
    if (conversationId !== dm.id || (user !== alice && user !== bob)) throw new RequestRefused('forbidden', 'you do not take part in this conversation');
    return { conversation: dm, to: user === alice ? bob : alice };
  }

  async conversationIds(): Promise<string[]> {
    return [dm.id];
  }
}

/** The archive's paging rules over messages kept in position order. */
class InMemoryArchive implements Pick<MessageArchive, 'page' | 'findById' | 'retractedAmong'> {
  readonly messages: ArchivedMessage[] = [];

  add(n: number, conversationId = dm.id, retracted = false): void {
    this.messages.push({
      id: messageId(n),
      conversationId,
      conversationKind: 'direct',
      messageType: 'chat',
      author: alice,
      to: bob,
      body: `message ${n}`,
      aliases: [],
      sentAt: new Date(Date.UTC(2026, 11, 2, 10, 0, n)),
      position: position(n),
      edits: [],
      ...(retracted ? { retractedAt: new Date() } : {}),
    });
  }

  async page(conversationId: string, cursor: { before?: string; after?: string }, limit: number): Promise<ArchivedMessage[]> {
    const all = this.messages.filter((m) => m.conversationId === conversationId);
    if (cursor.after) return all.filter((m) => m.position > cursor.after!).slice(0, limit);
    const older = cursor.before ? all.filter((m) => m.position < cursor.before!) : all;
    return older.slice(Math.max(0, older.length - limit));
  }

  async findById(id: string): Promise<ArchivedMessage | null> {
    return this.messages.find((m) => m.id === id) ?? null;
  }

  async retractedAmong(ids: string[]): Promise<Set<string>> {
    return new Set(this.messages.filter((m) => m.retractedAt && ids.includes(m.id)).map((m) => m.id));
  }
}

/** The activity stream: Create activities of the archive's messages, and what each page was asked. */
class InMemoryActivities implements Pick<ActivityRepository, 'page' | 'findById'> {
  readonly activities: Activity[] = [];
  readonly cursors: Array<{ before?: string; after?: string }> = [];

  add(n: number, conversation = dm): void {
    this.activities.push({
      id: messageId(n),
      type: 'Create',
      actor: alice,
      object: { type: 'Note', id: messageId(n), content: `message ${n}` },
      target: conversation,
      published: new Date(Date.UTC(2026, 11, 2, 10, 0, n)),
      position: position(n),
    });
  }

  async page(conversationIds: string[], cursor: { before?: string; after?: string }, limit: number): Promise<Activity[]> {
    this.cursors.push(cursor);
    const mine = this.activities.filter((a) => conversationIds.includes(a.target!.id));
    return mine.filter((a) => !cursor.after || a.position > cursor.after).slice(0, limit);
  }

  async findById(id: string): Promise<Activity | null> {
    return this.activities.find((a) => a.id === id) ?? null;
  }
}

class InMemoryMembers implements Pick<ConversationRepository, 'membersOf'> {
  members: ConversationMember[] = [];
  async membersOf(): Promise<ConversationMember[]> {
    return this.members;
  }
}

class CountingLimits implements Pick<RateLimits, 'consume'> {
  readonly spent: string[] = [];
  async consume(bucket: RateBucket, user: string): Promise<void> {
    this.spent.push(`${bucket}:${user}`);
  }
}

function setUp(messages = 5) {
  const archive = new InMemoryArchive();
  const activities = new InMemoryActivities();
  const members = new InMemoryMembers();
  const limits = new CountingLimits();
  for (let n = 1; n <= messages; n++) {
    archive.add(n);
    activities.add(n);
  }
  const reader = new ConversationReader(
    new FakeAccess() as unknown as ConversationAccess,
    members as unknown as ConversationRepository,
    archive as unknown as MessageArchive,
    activities as unknown as ActivityRepository,
    limits as unknown as RateLimits,
  );
  return { reader, archive, activities, members, limits };
}

/** A page as message numbers and the cursors it offers. */
async function pageOf(reader: ConversationReader, cursor: { before?: string; after?: string }) {
  const page = await reader.history(alice, { conversationId: dm.id, ...cursor, limit: 2 });
  return { messages: page.messages.map((m) => m.body), before: page.before, after: page.after };
}

describe('ConversationReader.history', () => {
  it('opens on the newest page, with a cursor to the older ones only', async () => {
    const { reader, limits } = setUp();
    expect(await pageOf(reader, {})).toEqual({ messages: ['message 4', 'message 5'], before: position(4), after: undefined });
    expect(limits.spent).toEqual(['read:alice@localhost']);
  });

  it('pages back with cursors both ways, and offers no older page at the start', async () => {
    const { reader } = setUp();
    expect(await pageOf(reader, { before: position(4) })).toEqual({ messages: ['message 2', 'message 3'], before: position(2), after: position(3) });
    expect(await pageOf(reader, { before: position(3) })).toEqual({ messages: ['message 1', 'message 2'], before: undefined, after: position(2) });
  });

  it('pages forward, and offers no newer page at the end', async () => {
    const { reader } = setUp();
    expect(await pageOf(reader, { after: position(1) })).toEqual({ messages: ['message 2', 'message 3'], before: position(2), after: position(3) });
    expect(await pageOf(reader, { after: position(3) })).toEqual({ messages: ['message 4', 'message 5'], before: position(4), after: undefined });
  });

  it("shows the others' read markers, not the reader's own", async () => {
    const { reader, members } = setUp();
    members.members = [
      { jid: alice, unread: 0, readPosition: position(5), readMessageId: messageId(5) },
      { jid: bob, unread: 1, readPosition: position(4), readMessageId: messageId(4) },
      { jid: carol, unread: 5 },
    ];
    const page = await reader.history(alice, { conversationId: dm.id, limit: 2 });
    expect(page.readers).toEqual([{ reader: bob, messageId: messageId(4), position: position(4) }]);
  });

  it('reads nothing of a conversation the user is not in', async () => {
    const { reader } = setUp();
    await expect(reader.history(carol, { conversationId: dm.id, limit: 2 })).rejects.toBeInstanceOf(RequestRefused);
  });
});

describe('ConversationReader.catchUp', () => {
  it('resumes after a message event the client saw, with a cursor while more remain', async () => {
    const { reader, activities } = setUp();
    const page = await reader.catchUp(alice, { since: messageId(2), limit: 2 });
    expect(activities.cursors).toEqual([{ after: position(2) }]);
    expect(page.activities.map((a) => a.object.id)).toEqual([messageId(3), messageId(4)]);
    expect(page.next).toBe(messageId(4));
    expect(await reader.catchUp(alice, { since: messageId(4), limit: 2 })).not.toHaveProperty('next');
  });

  it('resumes after a typing notice at its position, and after a read marker at its message', async () => {
    const { reader, activities } = setUp();
    await reader.catchUp(alice, { since: chatStateEventId(position(3)), limit: 10 });
    await reader.catchUp(alice, { since: readEventId(messageId(1), bob), limit: 10 });
    expect(activities.cursors).toEqual([{ after: position(3) }, { after: position(1) }]);
  });

  it('resumes a minute before a presence change, since presence travels apart from messages', async () => {
    const { reader, activities } = setUp();
    const at = Date.UTC(2026, 11, 2, 10, 5, 0);
    await reader.catchUp(alice, { since: presenceEventId(bob, 'away', at), limit: 10 });
    expect(activities.cursors).toEqual([{ after: positionAt(at - 60_000) }]);
  });

  it("refuses an event that is not the user's, or none at all", async () => {
    const { reader, activities, archive } = setUp();
    activities.add(9, elsewhere);
    archive.add(9, elsewhere.id);
    for (const since of [messageId(9), readEventId(messageId(9), bob), messageId(42), 'nonsense']) {
      const error = await reader.catchUp(alice, { since, limit: 10 }).catch((e: unknown) => e);
      expect(error).toMatchObject({ kind: 'not-found', message: 'since: no event of yours has this id' });
    }
  });

  it('does not repeat the text of a message retracted since', async () => {
    const { reader, archive, activities } = setUp(0);
    archive.add(1, dm.id, true);
    activities.add(1);
    const page = await reader.catchUp(alice, { since: chatStateEventId(position(0)), limit: 10 });
    expect(page.activities.map((a) => a.object.id)).toEqual([messageId(1)]);
    expect(JSON.stringify(page.activities)).not.toContain('message 1');
  });
});
