import type { Activity, Author, BareJid, ChatMessageEvent, ConversationEvent, CorrectionEvent, RetractionEvent, RoomOccupancyEvent } from '@chat/domain';
import { conversationEventId, directConversation, roomConversation } from '@chat/domain';
import type { ActivityRepository, ConversationRepository, MessageArchive, WaitingEdits } from '@chat/persistence';
import { ConversationMirror } from './conversation-mirror.service';
import type { Positioned } from './journal-batch';

// The shapes as the repositories take and answer them, wherever their types are declared.
type ArchivedMessage = Parameters<MessageArchive['insertNew']>[0][number];
type EditRequest = Parameters<MessageArchive['correct']>[0];
type EditOutcome = NonNullable<Awaited<ReturnType<MessageArchive['correct']>>>;
type ConversationActivity = Parameters<ConversationRepository['recordActivity']>[0][number];
type WaitingEdit = Parameters<WaitingEdits['keep']>[0][number];

/**
 * The archive's rules in memory: a message is stored once under its id; an edit applies to the latest message of
 * its author the target alias names in that conversation, once per edit activity.
 */
class InMemoryArchive implements Pick<MessageArchive, 'insertNew' | 'correct' | 'retract'> {
  readonly messages = new Map<string, ArchivedMessage>();
  inserts = 0;

  async insertNew(messages: ArchivedMessage[]): Promise<Set<string>> {
    this.inserts += messages.length;
    const fresh = messages.filter((m) => !this.messages.has(m.id));
    fresh.forEach((m) => this.messages.set(m.id, structuredClone(m)));
    return new Set(fresh.map((m) => m.id));
  }

  async correct(request: EditRequest, body: string): Promise<EditOutcome | null> {
    return this.edit(request, 'correction', body);
  }

  async retract(request: EditRequest): Promise<EditOutcome | null> {
    return this.edit(request, 'retraction', '');
  }

  private async edit(request: EditRequest, kind: 'correction' | 'retraction', body: string): Promise<EditOutcome | null> {
    const target = [...this.messages.values()]
      .filter((m) => m.conversationId === request.conversationId && m.aliases.includes(request.targetAlias))
      .filter((m) => (request.author.jid ? m.author === request.author.jid : m.authorOccupant === request.author.occupant))
      .sort((a, b) => b.position.localeCompare(a.position))[0];
    if (!target) return null;
    if (target.edits.some((e) => e.activityId === request.activityId)) return { message: structuredClone(target), applied: false };
    target.edits.push({ activityId: request.activityId, kind, previous: target.body, at: request.at });
    target.body = body;
    if (kind === 'retraction') target.retractedAt = request.at;
    else target.editedAt = request.at;
    return { message: structuredClone(target), applied: true };
  }
}

class RecordingActivities implements Pick<ActivityRepository, 'appendMany'> {
  readonly calls: Activity[][] = [];

  async appendMany(activities: Activity[]): Promise<Set<string>> {
    this.calls.push(activities);
    return new Set(activities.map((a) => a.id));
  }
}

/** Members (with their room nicks) and the counters each bookkeeping wrote. */
class InMemoryConversations implements Pick<ConversationRepository, 'ensureMembers' | 'memberByNick' | 'recordActivity'> {
  readonly members = new Map<string, { conversationId: string; jid: string; nick?: string }>();
  readonly ensured: string[] = [];
  readonly recorded: ConversationActivity[][] = [];

  async ensureMembers(entries: Array<{ conversationId: string; jid: string; nick?: string }>): Promise<void> {
    for (const entry of entries) {
      this.ensured.push(`${entry.conversationId}|${entry.jid}`);
      this.members.set(`${entry.conversationId}|${entry.jid}`, { ...this.members.get(`${entry.conversationId}|${entry.jid}`), ...entry });
    }
  }

  async memberByNick(conversationId: string, nick: string): Promise<BareJid | undefined> {
    return [...this.members.values()].find((m) => m.conversationId === conversationId && m.nick === nick)?.jid as BareJid | undefined;
  }

  async recordActivity(batch: ConversationActivity[]): Promise<void> {
    this.recorded.push(batch);
  }
}

/** Edits (and read markers) kept until the message they name is archived, by the alias they name it by. */
class InMemoryWaitingEdits implements Pick<WaitingEdits, 'keep' | 'waitingFor' | 'remove'> {
  readonly kept = new Map<string, WaitingEdit>();

  async keep(edits: WaitingEdit[]): Promise<void> {
    for (const edit of edits) if (!this.kept.has(edit.id)) this.kept.set(edit.id, edit);
  }

  async waitingFor(messages: Array<{ conversationId: string; aliases: string[] }>): Promise<WaitingEdit[]> {
    const alias = (e: WaitingEdit['event']) => (e.kind === 'correction' ? e.replaces : e.kind === 'retraction' ? e.retracts : e.of);
    return [...this.kept.values()]
      .filter((w) => messages.some((m) => m.conversationId === w.event.conversation.id && m.aliases.includes(alias(w.event))))
      .sort((a, b) => a.position.localeCompare(b.position));
  }

  async remove(ids: string[]): Promise<void> {
    ids.forEach((id) => this.kept.delete(id));
  }
}

function setUp() {
  const archive = new InMemoryArchive();
  const activities = new RecordingActivities();
  const conversations = new InMemoryConversations();
  const waiting = new InMemoryWaitingEdits();
  const mirror = new ConversationMirror(
    archive as unknown as MessageArchive,
    activities as unknown as ActivityRepository,
    conversations as unknown as ConversationRepository,
    waiting as unknown as WaitingEdits,
  );
  return { mirror, archive, activities, conversations, waiting };
}

const alice = 'alice@localhost' as BareJid;
const bob = 'bob@localhost' as BareJid;
const roomJid = 'team@conference.localhost' as BareJid;
const dm = directConversation(alice, bob);
const room = roomConversation(roomJid);
const at = (s: number) => new Date(Date.UTC(2026, 11, 2, 10, 0, s));

let nextPosition = 0;
function positioned<T extends ConversationEvent>(event: T): Positioned<T> {
  return { event, position: `p${String(nextPosition++).padStart(6, '0')}` };
}

function chat(clientId: string, body: string, author: Author = { jid: alice }, s = 1): ChatMessageEvent {
  return { kind: 'message', messageType: 'chat', conversation: dm, author, to: bob, clientId, aliases: [clientId], body, at: at(s) };
}

function groupchat(clientId: string, body: string, author: Author): ChatMessageEvent {
  return { kind: 'message', messageType: 'groupchat', conversation: room, author, to: roomJid, clientId, aliases: [clientId], body, at: at(1) };
}

function correction(clientId: string, replaces: string, body: string, author: Author = { jid: alice }): CorrectionEvent {
  return { kind: 'correction', conversation: dm, author, to: bob, clientId, aliases: [clientId], replaces, body, at: at(2) };
}

function retraction(clientId: string, retracts: string, author: Author = { jid: alice }): RetractionEvent {
  return { kind: 'retraction', conversation: dm, author, to: bob, clientId, aliases: [clientId], retracts, at: at(3) };
}

/** What each job delivers, as (event id, message id, body, replace/retract). */
function delivered(jobs: Awaited<ReturnType<ConversationMirror['apply']>>['jobs']) {
  return jobs.flatMap((job) =>
    job.kind === 'messages' ? job.events.map((e) => ({ conversationId: job.conversationId, id: e.id, body: e.body, replace: e.replace, retract: e.retract })) : [],
  );
}

describe('ConversationMirror.apply', () => {
  it('archives a new message once, delivers it and leaves its activity and counters for bookkeeping', async () => {
    const { mirror, archive } = setUp();
    const message = chat('c1', 'hello');
    const id = conversationEventId(message);
    const { jobs, work } = await mirror.apply([positioned(message), positioned(chat('c1', 'hello'))], [], false);
    expect([...archive.messages.keys()]).toEqual([id]);
    expect(delivered(jobs)).toEqual([{ conversationId: dm.id, id, body: 'hello', replace: undefined, retract: undefined }]);
    expect(jobs[0]).toMatchObject({ kind: 'messages', conversationKind: 'direct' });
    expect(work.fresh.map((m) => m.id)).toEqual([id]);
    expect(work.activities).toEqual([expect.objectContaining({ id, type: 'Create', actor: alice, object: { type: 'Note', id, content: 'hello' } })]);
  });

  it('neither stores nor delivers again a message a recent batch carried, unless the batch is a replay', async () => {
    const { mirror, archive } = setUp();
    await mirror.apply([positioned(chat('c1', 'hello'))], [], false);
    const again = await mirror.apply([positioned(chat('c1', 'hello'))], [], false);
    expect(delivered(again.jobs)).toEqual([]);
    expect(archive.inserts).toBe(1);
    const replay = await mirror.apply([positioned(chat('c1', 'hello'))], [], true);
    expect(delivered(replay.jobs).map((e) => e.body)).toEqual(['hello']);
    expect(replay.work.fresh).toEqual([]);
  });

  it('applies a correction to the message it names, after the message in the same job', async () => {
    const { mirror, archive } = setUp();
    const message = chat('c1', 'teh slides');
    const fix = correction('c2', 'c1', 'the slides');
    const { jobs, work } = await mirror.apply([positioned(message), positioned(fix), positioned(fix)], [], false);
    const id = conversationEventId(message);
    expect(delivered(jobs)).toEqual([
      { conversationId: dm.id, id, body: 'teh slides', replace: undefined, retract: undefined },
      { conversationId: dm.id, id: conversationEventId(fix), body: 'the slides', replace: id, retract: undefined },
    ]);
    expect(archive.messages.get(id)?.body).toBe('the slides');
    expect(archive.messages.get(id)?.edits).toHaveLength(1);
    expect(work.activities.map((a) => a.type)).toEqual(['Create', 'Update']);
  });

  it("retracts the author's message into a tombstone", async () => {
    const { mirror, archive } = setUp();
    const message = chat('c1', 'oops');
    await mirror.apply([positioned(message)], [], false);
    const { jobs, work } = await mirror.apply([positioned(retraction('c3', 'c1'))], [], false);
    const id = conversationEventId(message);
    expect(delivered(jobs)).toEqual([{ conversationId: dm.id, id: conversationEventId(retraction('c3', 'c1')), body: '', replace: undefined, retract: id }]);
    expect(archive.messages.get(id)?.retractedAt).toEqual(at(3));
    expect(work.activities).toEqual([expect.objectContaining({ type: 'Delete', object: { type: 'Tombstone', id } })]);
  });

  it('applies no edit by someone other than the author, nor one of a message it cannot find: both wait', async () => {
    const { mirror, archive, waiting } = setUp();
    await mirror.apply([positioned(chat('c1', 'mine'))], [], false);
    const foreign = correction('c2', 'c1', 'yours now', { jid: bob });
    const early = retraction('c3', 'later');
    const { jobs, work } = await mirror.apply([positioned(foreign), positioned(early)], [], false);
    expect(delivered(jobs)).toEqual([]);
    expect(work.activities).toEqual([]);
    expect([...archive.messages.values()][0].body).toBe('mine');
    expect([...waiting.kept.keys()]).toEqual([conversationEventId(foreign), conversationEventId(early)]);
  });

  it('applies an edit that came before its message once the message is archived, after it, and forgets it', async () => {
    const { mirror, archive, waiting } = setUp();
    const fix = correction('c2', 'c1', 'the slides');
    expect(delivered((await mirror.apply([positioned(fix)], [], false)).jobs)).toEqual([]);
    const message = chat('c1', 'teh slides');
    const { jobs, work } = await mirror.apply([positioned(message)], [], false);
    const id = conversationEventId(message);
    expect(delivered(jobs)).toEqual([
      { conversationId: dm.id, id, body: 'teh slides', replace: undefined, retract: undefined },
      { conversationId: dm.id, id: conversationEventId(fix), body: 'the slides', replace: id, retract: undefined },
    ]);
    expect(archive.messages.get(id)?.body).toBe('the slides');
    expect(work.activities.map((a) => a.type)).toEqual(['Create', 'Update']);
    expect(waiting.kept.size).toBe(0);
  });

  it("hands back the read markers that waited for a message this batch archived, keeping them for the marker's mirror", async () => {
    const { mirror, waiting } = setUp();
    const marker = { kind: 'displayed' as const, conversation: dm, reader: bob, to: alice, of: 'c1', at: at(5) };
    await waiting.keep([{ id: 'marker-1', event: marker, position: 'p-early' }]);
    const { markers } = await mirror.apply([positioned(chat('c1', 'hello'))], [], false);
    expect(markers).toEqual([{ event: marker, position: 'p-early', waitingId: 'marker-1' }]);
    expect(waiting.kept.has('marker-1')).toBe(true);
  });

  it('delivers an edit a second time only in a replay', async () => {
    const { mirror } = setUp();
    const fix = correction('c2', 'c1', 'fixed');
    await mirror.apply([positioned(chat('c1', 'broken')), positioned(fix)], [], false);
    expect(delivered((await mirror.apply([positioned(fix)], [], false)).jobs)).toEqual([]);
    expect(delivered((await mirror.apply([positioned(fix)], [], true)).jobs).map((e) => e.body)).toEqual(['fixed']);
  });

  it('names a room author known only by nick after the member who took that nick, learnt in the same batch', async () => {
    const { mirror, archive, conversations } = setUp();
    const joined: RoomOccupancyEvent = { kind: 'room-occupancy', room: roomJid, jid: bob, nick: 'bobby', present: true };
    const left: RoomOccupancyEvent = { kind: 'room-occupancy', room: roomJid, jid: alice, nick: 'al', present: false };
    const byNick = groupchat('g1', 'hi all', { occupant: `${roomJid}/bobby` });
    const stranger = groupchat('g2', 'who am I', { occupant: `${roomJid}/ghost` });
    await mirror.apply([positioned(byNick), positioned(stranger)], [joined, left], false);
    expect(conversations.ensured).toEqual([`${room.id}|${bob}`]);
    const stored = [...archive.messages.values()];
    expect(stored.map((m) => [m.body, m.author, m.authorOccupant])).toEqual([
      ['hi all', bob, undefined],
      ['who am I', undefined, `${roomJid}/ghost`],
    ]);
  });
});

describe('ConversationMirror.bookkeep', () => {
  it('makes both people members of a direct conversation once, and counts new messages per author', async () => {
    const { mirror, conversations } = setUp();
    const first = await mirror.apply([positioned(chat('c1', 'one')), positioned(chat('c2', 'two', { jid: bob }, 2))], [], false);
    const second = await mirror.apply([positioned(chat('c3', 'x'.repeat(200), { jid: alice }, 3))], [], false);
    await mirror.bookkeep([first.work, second.work]);
    await mirror.bookkeep([(await mirror.apply([positioned(chat('c4', 'four'))], [], false)).work]);
    expect(conversations.ensured).toEqual([`${dm.id}|${alice}`, `${dm.id}|${bob}`]);
    const [summary] = conversations.recorded[0];
    expect(summary.conversation).toEqual(dm);
    expect(summary.addresses).toEqual([alice, bob]);
    expect(summary.newMessagesByAuthor).toEqual(
      new Map([
        [alice, 2],
        [bob, 1],
      ]),
    );
    expect(summary.lastMessage).toMatchObject({ author: alice, excerpt: 'x'.repeat(140), at: at(3) });
    expect(conversations.recorded[1][0].newMessagesByAuthor).toEqual(new Map([[alice, 1]]));
  });

  it("takes a conversation's last message by journal position, whatever order the batches come in", async () => {
    const { mirror, conversations } = setUp();
    const first = await mirror.apply([positioned(chat('c1', 'earlier', { jid: alice }, 1))], [], false);
    const second = await mirror.apply([positioned(chat('c2', 'later', { jid: bob }, 2))], [], false);
    await mirror.bookkeep([second.work, first.work]);
    expect(conversations.recorded[0][0].lastMessage).toMatchObject({ excerpt: 'later', author: bob });
  });

  it("makes a room message's author a member of the room", async () => {
    const { mirror, conversations } = setUp();
    const { work } = await mirror.apply([positioned(groupchat('g1', 'hi', { jid: alice }))], [], false);
    await mirror.bookkeep([work]);
    expect(conversations.ensured).toEqual([`${room.id}|${alice}`]);
    expect(conversations.recorded[0][0]).toMatchObject({ conversation: room, addresses: [roomJid] });
  });

  it('appends the activity stream in short writes of at most 100', async () => {
    const { mirror, activities } = setUp();
    const { work } = await mirror.apply(
      Array.from({ length: 250 }, (_, i) => positioned(chat(`c${i}`, `message ${i}`))),
      [],
      false,
    );
    await mirror.bookkeep([work]);
    expect(activities.calls.map((c) => c.length)).toEqual([100, 100, 50]);
  });
});
