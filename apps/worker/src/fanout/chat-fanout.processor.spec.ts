import type { ConfigService } from '@nestjs/config';
import type { WorkerEnv } from '@chat/config';
import { type BareJid, directConversation, roomConversation } from '@chat/domain';
import type { ConversationRepository } from '@chat/persistence';
import type { ChatFanoutJob } from '@chat/queues';
import type { SocketEmitter } from '@chat/realtime';
import { ChatFanoutProcessor } from './chat-fanout.processor';

type ConversationMember = Awaited<ReturnType<ConversationRepository['membersOf']>>[number];

const alice = 'alice@localhost' as BareJid;
const bob = 'bob@localhost' as BareJid;
const carol = 'carol@localhost' as BareJid;
const room = roomConversation('standup@conference.localhost' as BareJid);
const dm = directConversation(alice, bob);

/** Room members by conversation; counts lookups so a test can tell that direct conversations need none. */
class InMemoryMembers implements Pick<ConversationRepository, 'membersOf'> {
  readonly rooms = new Map<string, BareJid[]>();
  lookups = 0;

  async membersOf(conversationId: string): Promise<ConversationMember[]> {
    this.lookups += 1;
    return (this.rooms.get(conversationId) ?? []).map((jid) => ({ jid, unread: 0 }));
  }
}

/** What would reach the sockets: each emission with its audience, in order. */
class RecordingEmitter implements Pick<SocketEmitter, 'toUsers'> {
  readonly sent: Array<{ to: readonly BareJid[]; event: string; payload: unknown }> = [];

  toUsers(jids: readonly BareJid[], event: string, payload: unknown): void {
    this.sent.push({ to: jids, event, payload });
  }
}

class FixedConfig {
  get(): number {
    return 4;
  }
}

function setUp() {
  const members = new InMemoryMembers();
  const sockets = new RecordingEmitter();
  const processor = new ChatFanoutProcessor(
    members as unknown as ConversationRepository,
    sockets as unknown as SocketEmitter,
    new FixedConfig() as unknown as ConfigService<WorkerEnv, true>,
  );
  const run = (data: ChatFanoutJob) => processor.process({ data } as Parameters<ChatFanoutProcessor['process']>[0]);
  return { members, sockets, run };
}

type MessagesJob = Extract<ChatFanoutJob, { kind: 'messages' }>;
type ChatStateJob = Extract<ChatFanoutJob, { kind: 'chat-state' }>;
type ReadJob = Extract<ChatFanoutJob, { kind: 'read' }>;
const events = [{ id: 'e1' }, { id: 'e2' }] as unknown as MessagesJob['events'];

describe('ChatFanoutProcessor', () => {
  it("sends each message event of a direct conversation to both people, in the batch's order, without a lookup", async () => {
    const { members, sockets, run } = setUp();
    await run({ kind: 'messages', conversationId: dm.id, conversationKind: 'direct', events });
    expect(sockets.sent).toEqual([
      { to: [alice, bob], event: 'message', payload: events[0] },
      { to: [alice, bob], event: 'message', payload: events[1] },
    ]);
    expect(members.lookups).toBe(0);
  });

  it("sends a room's events to every member of the room", async () => {
    const { members, sockets, run } = setUp();
    members.rooms.set(room.id, [alice, bob, carol]);
    await run({ kind: 'messages', conversationId: room.id, conversationKind: 'room', events: events.slice(0, 1) });
    expect(sockets.sent).toEqual([{ to: [alice, bob, carol], event: 'message', payload: events[0] }]);
  });

  it('sends typing notices and read markers as their own events', async () => {
    const { members, sockets, run } = setUp();
    members.rooms.set(room.id, [alice, carol]);
    const typing = { from: bob, state: 'composing' } as unknown as ChatStateJob['event'];
    const read = { reader: bob, messageId: 'm1' } as unknown as ReadJob['event'];
    await run({ kind: 'chat-state', conversationId: dm.id, conversationKind: 'direct', event: typing });
    await run({ kind: 'read', conversationId: room.id, conversationKind: 'room', event: read });
    expect(sockets.sent).toEqual([
      { to: [alice, bob], event: 'chatstate', payload: typing },
      { to: [alice, carol], event: 'read', payload: read },
    ]);
  });

  it('refuses a job of a kind it does not know instead of dropping it', async () => {
    const { sockets, run } = setUp();
    await expect(run({ kind: 'reaction', conversationId: dm.id, conversationKind: 'direct' } as unknown as ChatFanoutJob)).rejects.toThrow();
    expect(sockets.sent).toEqual([]);
  });
});
