import type { BareJid, DisplayedMarkerEvent } from '@chat/domain';
import { directConversation } from '@chat/domain';
import type { ConversationRepository, MessageArchive, WaitingEdits } from '@chat/persistence';
import { readEventId } from '@chat/realtime';
import { ReadMarkerMirror } from './read-marker-mirror.service';

type ArchivedMessage = NonNullable<Awaited<ReturnType<MessageArchive['findByAlias']>>>;
type ConversationMember = NonNullable<Awaited<ReturnType<ConversationRepository['member']>>>;
type WaitingEdit = Parameters<WaitingEdits['keep']>[0][number];

const alice = 'alice@localhost' as BareJid;
const bob = 'bob@localhost' as BareJid;
const dm = directConversation(alice, bob);
const position = (n: number) => `${String(n).padStart(15, '0')}-000000`;

/** Alice's messages m1 … m5 at positions 1 … 5, known by their client ids c1 … c5. */
class InMemoryArchive implements Pick<MessageArchive, 'findByAlias' | 'countUnread'> {
  readonly messages: ArchivedMessage[] = [];

  add(n: number, author = alice): void {
    this.messages.push({ id: `m${n}`, conversationId: dm.id, author, aliases: [`c${n}`], position: position(n) } as unknown as ArchivedMessage);
  }

  async findByAlias(conversationId: string, alias: string): Promise<ArchivedMessage | null> {
    return this.messages.filter((m) => m.conversationId === conversationId && m.aliases.includes(alias)).at(-1) ?? null;
  }

  async countUnread(conversationId: string, reader: string, after: string, upTo: string): Promise<number> {
    return this.messages.filter((m) => m.conversationId === conversationId && m.position > after && m.position <= upTo && m.author !== reader).length;
  }
}

class InMemoryMembers implements Pick<ConversationRepository, 'member' | 'recordRead'> {
  readonly members = new Map<string, ConversationMember>();

  async member(_conversationId: string, jid: string): Promise<ConversationMember | undefined> {
    return this.members.get(jid);
  }

  async recordRead(_conversationId: string, jid: string, read: { messageId: string; position: string }, unread: number): Promise<void> {
    this.members.set(jid, { jid: jid as BareJid, unread, readMessageId: read.messageId, readPosition: read.position });
  }
}

class InMemoryWaiting implements Pick<WaitingEdits, 'keep' | 'remove'> {
  readonly kept = new Map<string, WaitingEdit>();
  written = 0;

  async keep(edits: WaitingEdit[]): Promise<void> {
    this.written += edits.length;
    for (const e of edits) this.kept.set(e.id, e);
  }

  async remove(ids: string[]): Promise<void> {
    ids.forEach((id) => this.kept.delete(id));
  }
}

function setUp() {
  const archive = new InMemoryArchive();
  const members = new InMemoryMembers();
  const waiting = new InMemoryWaiting();
  for (let n = 1; n <= 5; n++) archive.add(n);
  const mirror = new ReadMarkerMirror(archive as unknown as MessageArchive, members as unknown as ConversationRepository, waiting as unknown as WaitingEdits);
  return { mirror, archive, members, waiting };
}

const at = new Date(Date.UTC(2026, 11, 2, 10, 0, 0));
const marker = (of: string, p: number) => ({ event: { kind: 'displayed', conversation: dm, reader: bob, to: alice, of, at } as DisplayedMarkerEvent, position: position(p) });

describe('ReadMarkerMirror', () => {
  it("moves the reader's marker to the message, recounts what is left unread up to the counted position, and tells both sides", async () => {
    const { mirror, members } = setUp();
    const jobs = await mirror.apply([marker('c3', 10)], position(5));
    expect(members.members.get(bob)).toEqual({ jid: bob, unread: 2, readMessageId: 'm3', readPosition: position(3) });
    expect(jobs).toEqual([
      {
        kind: 'read',
        conversationId: dm.id,
        conversationKind: 'direct',
        event: { id: readEventId('m3', bob), conversationId: dm.id, reader: bob, messageId: 'm3', position: position(3), at: at.toISOString() },
      },
    ]);
  });

  it('counts only messages up to the counted position: later ones are added by their own bookkeeping', async () => {
    const { mirror, members } = setUp();
    await mirror.apply([marker('c1', 10)], position(3));
    expect(members.members.get(bob)?.unread).toBe(2);
  });

  it('only moves forward', async () => {
    const { mirror, members } = setUp();
    await mirror.apply([marker('c4', 10)], position(5));
    expect(await mirror.apply([marker('c2', 11), marker('c4', 12)], position(5))).toEqual([]);
    expect(members.members.get(bob)?.readMessageId).toBe('m4');
  });

  it('keeps a marker that overtook its message, and applies it once it is handed back with its message', async () => {
    const { mirror, archive, members, waiting } = setUp();
    expect(await mirror.apply([marker('c7', 10)], position(5))).toEqual([]);
    const id = `displayed|${dm.id}|${bob}|c7`;
    expect([...waiting.kept.keys()]).toEqual([id]);
    // Handed back while its message is still missing: it stays where it waits, not written again.
    expect(await mirror.apply([{ ...marker('c7', 10), waitingId: id }], position(5))).toEqual([]);
    expect(waiting.kept.size).toBe(1);
    expect(waiting.written).toBe(1);
    archive.add(7);
    expect(await mirror.apply([{ ...marker('c7', 10), waitingId: id }], position(7))).toHaveLength(1);
    expect(members.members.get(bob)?.readMessageId).toBe('m7');
    expect(waiting.kept.size).toBe(0);
  });
});
