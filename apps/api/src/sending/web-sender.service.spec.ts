import type { ConfigService } from '@nestjs/config';
import type { ApiEnv } from '@chat/config';
import { type BareJid, directConversation, outboundActivityId, type OutboundStanza, roomConversation, webStanzaId } from '@chat/domain';
import type { XmppOutboundQueue } from '@chat/queues';
import type { ChatTarget, ConversationAccess } from '../access/conversation-access';
import type { RateBucket, RateLimits } from '../limits/rate-limits';
import { RequestRefused } from '../requests/request-refused';
import { WebSender } from './web-sender.service';

// A message as access control hands it over, wherever its type is declared.
type ArchivedMessage = Awaited<ReturnType<ConversationAccess['message']>>['message'];

const alice = 'alice@localhost' as BareJid;
const bob = 'bob@localhost' as BareJid;
const carol = 'carol@localhost' as BareJid;
const room = 'standup@conference.localhost' as BareJid;

/**
 * Access control with the answers a test sets up: targets by address, messages by id. A target can be held back
 * (`hold`) to model a slow check, such as ejabberd being asked about a new peer.
 */
class FakeAccess implements Pick<ConversationAccess, 'target' | 'conversation' | 'message' | 'ownMessage'> {
  readonly messages = new Map<string, ArchivedMessage>();
  private readonly held = new Map<string, Promise<void>>();

  hold(address: string): () => void {
    let release!: () => void;
    this.held.set(address, new Promise<void>((resolve) => (release = resolve)));
    return release;
  }

  async target(user: BareJid, address: string): Promise<ChatTarget> {
    await this.held.get(address);
    if (address === 'nobody@localhost') throw new RequestRefused('not-found', `to: there is no user ${address}`);
    const to = address as BareJid;
    return to.endsWith('@conference.localhost') ? { conversation: roomConversation(to), to } : { conversation: directConversation(user, to), to };
  }

  async conversation(user: BareJid, conversationId: string): Promise<ChatTarget> {
    if (conversationId.startsWith('room:')) return { conversation: roomConversation(conversationId.slice(5) as BareJid), to: conversationId.slice(5) as BareJid };
    const peer = conversationId
      .slice(3)
      .split('|')
      .find((jid) => jid !== user) as BareJid;
    return { conversation: directConversation(user, peer), to: peer };
  }

  async message(user: BareJid, messageId: string): Promise<{ message: ArchivedMessage; target: ChatTarget }> {
    const message = this.messages.get(messageId);
    if (!message) throw new RequestRefused('not-found', 'no such message');
    return { message, target: await this.conversation(user, message.conversationId) };
  }

  async ownMessage(user: BareJid, messageId: string): Promise<{ message: ArchivedMessage; target: ChatTarget }> {
    const found = await this.message(user, messageId);
    if (found.message.author !== user) throw new RequestRefused('forbidden', 'only the author may change a message');
    return found;
  }
}

/** The outbound queue: what was enqueued, in order, under which job id. */
class RecordingQueue implements Pick<XmppOutboundQueue, 'enqueue'> {
  readonly jobs: Array<{ stanza: OutboundStanza; jobId?: string }> = [];

  async enqueue(stanza: OutboundStanza, jobId?: string): Promise<void> {
    this.jobs.push({ stanza, jobId });
  }
}

/** Budgets that count what was spent and refuse once a user's `budget` is used up. */
class CountingLimits implements Pick<RateLimits, 'consume'> {
  readonly spent: string[] = [];
  budget = Infinity;

  async consume(bucket: RateBucket, user: string): Promise<void> {
    if (this.spent.filter((s) => s === `${bucket}:${user}`).length >= this.budget) {
      throw new RequestRefused('rate-limited', `more than ${this.budget} ${bucket} requests a minute; try again in 1 s`, { retryAfter: 1 });
    }
    this.spent.push(`${bucket}:${user}`);
  }
}

class FixedConfig {
  constructor(private readonly values: Partial<ApiEnv>) {}

  get<K extends keyof ApiEnv>(key: K): ApiEnv[K] {
    return this.values[key] as ApiEnv[K];
  }
}

function setUp() {
  const access = new FakeAccess();
  const queue = new RecordingQueue();
  const limits = new CountingLimits();
  const sender = new WebSender(
    access as unknown as ConversationAccess,
    queue as unknown as XmppOutboundQueue,
    limits as unknown as RateLimits,
    new FixedConfig({ MAX_BODY_LENGTH: 20 }) as unknown as ConfigService<ApiEnv, true>,
  );
  return { sender, access, queue, limits };
}

const dm = directConversation(alice, bob);
const aliceMessage = { id: 'm1', conversationId: dm.id, author: alice, aliases: ['client-1'], body: 'teh slides' } as unknown as ArchivedMessage;

async function refusalOf(promise: Promise<unknown>): Promise<string> {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(RequestRefused);
  return (error as RequestRefused).kind;
}

describe('WebSender.send', () => {
  it('queues a message under its activity id, with a stanza id derived from the sender and the client key', async () => {
    const { sender, queue } = setUp();
    const receipt = await sender.send(alice, { to: bob, body: 'hello', clientMessageId: 'k1' });
    const stanza: OutboundStanza = { kind: 'message', from: alice, to: bob, conversationKind: 'direct', stanzaId: webStanzaId(alice, 'k1'), body: 'hello' };
    expect(queue.jobs).toEqual([{ stanza, jobId: outboundActivityId(stanza) }]);
    expect(receipt).toEqual({ id: outboundActivityId(stanza), conversationId: dm.id, status: 'queued' });
  });

  it('gives the same client key the same message, and messages without one their own ids', async () => {
    const { sender, queue } = setUp();
    const first = await sender.send(alice, { to: bob, body: 'hello', clientMessageId: 'k1' });
    const again = await sender.send(alice, { to: bob, body: 'hello', clientMessageId: 'k1' });
    expect(again.id).toBe(first.id);
    const a = await sender.send(alice, { to: bob, body: 'hello' });
    const b = await sender.send(alice, { to: bob, body: 'hello' });
    expect(new Set([first.id, a.id, b.id]).size).toBe(3);
    expect(queue.jobs.map((j) => j.jobId)).toEqual([first.id, first.id, a.id, b.id]);
  });

  it('addresses a room as a room', async () => {
    const { sender, queue } = setUp();
    const receipt = await sender.send(alice, { to: room, body: 'morning' });
    expect(queue.jobs[0].stanza).toMatchObject({ kind: 'message', to: room, conversationKind: 'room' });
    expect(receipt.conversationId).toBe(`room:${room}`);
  });

  it('refuses a body over MAX_BODY_LENGTH or blank before spending the budget, and queues nothing', async () => {
    const { sender, queue, limits } = setUp();
    expect(await refusalOf(sender.send(alice, { to: bob, body: 'x'.repeat(21) }))).toBe('too-large');
    expect(await refusalOf(sender.send(alice, { to: bob, body: ' \n\t ' }))).toBe('bad-request');
    expect(limits.spent).toEqual([]);
    expect(queue.jobs).toEqual([]);
    await sender.send(alice, { to: bob, body: 'x'.repeat(20) });
    expect(queue.jobs).toHaveLength(1);
  });

  it('spends one send request per message and refuses once the budget is spent', async () => {
    const { sender, queue, limits } = setUp();
    limits.budget = 2;
    await sender.send(alice, { to: bob, body: 'one' });
    await sender.send(alice, { to: bob, body: 'two' });
    expect(await refusalOf(sender.send(alice, { to: bob, body: 'three' }))).toBe('rate-limited');
    expect(queue.jobs).toHaveLength(2);
    expect(limits.spent).toEqual(['send:alice@localhost', 'send:alice@localhost']);
  });
});

describe('WebSender order', () => {
  it("queues a sender's requests in the order they arrived, even when an earlier one's checks take longer", async () => {
    const { sender, access, queue } = setUp();
    const release = access.hold(bob);
    const first = sender.send(alice, { to: bob, body: 'first' });
    const second = sender.send(alice, { to: room, body: 'second' });
    await new Promise((r) => setTimeout(r, 10));
    expect(queue.jobs).toEqual([]);
    release();
    await Promise.all([first, second]);
    expect(queue.jobs.map((j) => (j.stanza as { body: string }).body)).toEqual(['first', 'second']);
  });

  it('lets the next request go as soon as an earlier one is refused', async () => {
    const { sender, access, queue } = setUp();
    const release = access.hold('nobody@localhost');
    const refused = sender.send(alice, { to: 'nobody@localhost', body: 'lost' });
    const next = sender.send(alice, { to: bob, body: 'next' });
    release();
    expect(await refusalOf(refused)).toBe('not-found');
    await next;
    expect(queue.jobs.map((j) => (j.stanza as { body: string }).body)).toEqual(['next']);
  });

  it('does not hold one sender up behind another', async () => {
    const { sender, access, queue } = setUp();
    const release = access.hold(carol);
    const slow = sender.send(alice, { to: carol, body: 'slow' });
    await sender.send(bob, { to: alice, body: 'fast' });
    expect(queue.jobs.map((j) => (j.stanza as { body: string }).body)).toEqual(['fast']);
    release();
    await slow;
  });
});

describe('WebSender edits, typing and read markers', () => {
  it('corrects and retracts the message by the id its author gave it', async () => {
    const { sender, access, queue } = setUp();
    access.messages.set('m1', aliceMessage);
    const correction = await sender.correct(alice, { messageId: 'm1', body: 'the slides', clientMessageId: 'k2' });
    const retraction = await sender.retract(alice, { messageId: 'm1', clientMessageId: 'k3' });
    expect(queue.jobs.map((j) => j.stanza)).toEqual([
      { kind: 'correction', from: alice, to: bob, conversationKind: 'direct', stanzaId: webStanzaId(alice, 'k2'), replaces: 'client-1', body: 'the slides' },
      { kind: 'retraction', from: alice, to: bob, conversationKind: 'direct', stanzaId: webStanzaId(alice, 'k3'), retracts: 'client-1' },
    ]);
    expect(correction).toEqual({ id: outboundActivityId(queue.jobs[0].stanza), conversationId: dm.id, status: 'queued' });
    expect(retraction.id).toBe(outboundActivityId(queue.jobs[1].stanza));
  });

  it('refers to the archive id when the message has no client id', async () => {
    const { sender, access, queue } = setUp();
    access.messages.set('m1', { ...aliceMessage, aliases: [] });
    await sender.correct(alice, { messageId: 'm1', body: 'fixed' });
    expect(queue.jobs[0].stanza).toMatchObject({ replaces: 'm1' });
  });

  it("refuses someone else's message and a blank correction, queuing nothing", async () => {
    const { sender, access, queue } = setUp();
    access.messages.set('m1', aliceMessage);
    expect(await refusalOf(sender.correct(bob, { messageId: 'm1', body: 'mine now' }))).toBe('forbidden');
    expect(await refusalOf(sender.retract(bob, { messageId: 'm1' }))).toBe('forbidden');
    expect(await refusalOf(sender.correct(alice, { messageId: 'm1', body: ' ' }))).toBe('bad-request');
    expect(queue.jobs).toEqual([]);
  });

  it('sends a typing notice to the conversation, counted against the send budget', async () => {
    const { sender, queue, limits } = setUp();
    expect(await sender.chatState(alice, { conversationId: dm.id, state: 'composing' })).toEqual({ sent: true });
    expect(queue.jobs).toHaveLength(1);
    expect(queue.jobs[0].stanza).toMatchObject({ kind: 'chat-state', from: alice, to: bob, conversationKind: 'direct', state: 'composing' });
    expect(limits.spent).toEqual(['send:alice@localhost']);
  });

  it('marks a message read with one displayed marker per reader and message', async () => {
    const { sender, access, queue } = setUp();
    access.messages.set('m1', aliceMessage);
    expect(await sender.markRead(bob, { conversationId: dm.id, messageId: 'm1' })).toEqual({ conversationId: dm.id, messageId: 'm1', status: 'queued' });
    await sender.markRead(bob, { conversationId: dm.id, messageId: 'm1' });
    const stanzaId = webStanzaId(bob, 'displayed:m1');
    const job = { stanza: { kind: 'displayed', from: bob, to: alice, conversationKind: 'direct', stanzaId, of: 'client-1' }, jobId: `displayed_${stanzaId}` };
    expect(queue.jobs).toEqual([job, job]);
  });

  it('refuses a read marker whose message belongs to another conversation', async () => {
    const { sender, access, queue } = setUp();
    access.messages.set('m1', aliceMessage);
    expect(await refusalOf(sender.markRead(bob, { conversationId: `room:${room}`, messageId: 'm1' }))).toBe('bad-request');
    expect(queue.jobs).toEqual([]);
  });
});
