import xml, { type Element } from '@xmpp/xml';
import { UnrecoverableError } from 'bullmq';
import { type OutboundStanza, toBareJid } from '@chat/domain';
import { ConversationLanes } from './conversation-lanes';
import type { OutboundDelivery, OutboundJobRef, PreparedStanza } from './outbound-delivery';
import { LinkNotReady, type OutboundLink } from './outbound-link';

const alice = toBareJid('alice@localhost');

function job(id: string, to = 'bob@localhost', body = id): OutboundJobRef {
  const stanza: OutboundStanza = { kind: 'message', from: alice, to: toBareJid(to), conversationKind: 'direct', stanzaId: id, body };
  return { id, stanza, ranBefore: false };
}

/** A link that records what was written, in batches, and closes when it is given a stanza marked "poison". */
class FakeLink {
  readonly writes: Array<{ ids: string[]; alone: boolean }> = [];
  up = true;
  private hold?: Promise<void>;
  private release?: () => void;

  holdNextConfirmation(): () => void {
    this.hold = new Promise((r) => (this.release = r));
    return () => this.release!();
  }

  async whenReady(): Promise<void> {
    this.up = true;
  }

  async sendConfirmed(stanzas: Element[], alone: boolean): Promise<void> {
    if (!this.up) throw new LinkNotReady();
    const ids = stanzas.map((s) => String(s.attrs.id));
    this.writes.push({ ids, alone });
    if (this.hold) {
      const hold = this.hold;
      this.hold = undefined;
      await hold;
    }
    if (ids.some((id) => id.startsWith('poison'))) throw new Error('the link closed');
  }
}

class FakeDelivery {
  readonly recorded: string[] = [];
  readonly echoed = new Set<string>();

  async prepare(ref: OutboundJobRef): Promise<PreparedStanza | 'sent before'> {
    if (ref.stanza.kind === 'message' && ref.stanza.body.includes('\u0000')) throw new UnrecoverableError('not sent: U+0000');
    const message = xml('message', { id: ref.id });
    return { message, envelope: message };
  }

  async record(sent: Array<{ job: OutboundJobRef }>): Promise<void> {
    this.recorded.push(...sent.map((s) => s.job.id));
  }

  async mirrored(stanza: OutboundStanza): Promise<boolean> {
    return 'stanzaId' in stanza && !!stanza.stanzaId && this.echoed.has(stanza.stanzaId);
  }
}

function lanes() {
  const link = new FakeLink();
  const delivery = new FakeDelivery();
  return { link, delivery, lanes: new ConversationLanes(delivery as unknown as OutboundDelivery, link as unknown as OutboundLink) };
}

const never = new AbortController().signal;

describe('ConversationLanes', () => {
  it('writes what waits in a conversation together, in order, and records it once confirmed', async () => {
    const { link, delivery, lanes: subject } = lanes();
    const release = link.holdNextConfirmation();
    const first = subject.submit(job('m1'), never);
    await new Promise((r) => setImmediate(r));
    const rest = ['m2', 'm3', 'm4'].map((id) => subject.submit(job(id), never));
    release();
    await expect(Promise.all([first, ...rest])).resolves.toEqual(['sent', 'sent', 'sent', 'sent']);
    expect(link.writes).toEqual([
      { ids: ['m1'], alone: false },
      { ids: ['m2', 'm3', 'm4'], alone: false },
    ]);
    expect(delivery.recorded).toEqual(['m1', 'm2', 'm3', 'm4']);
  });

  it('runs conversations side by side: one held up does not hold up another', async () => {
    const { link, lanes: subject } = lanes();
    link.holdNextConfirmation();
    const stuck = subject.submit(job('a1', 'bob@localhost'), never);
    await new Promise((r) => setImmediate(r));
    await expect(subject.submit(job('c1', 'carol@localhost'), never)).resolves.toBe('sent');
    await new Promise((r) => setImmediate(r));
    expect(subject.busy).toBe(1);
    void stuck;
  });

  it('refuses what can never go out alone, and goes on with the rest of the conversation', async () => {
    const { lanes: subject } = lanes();
    const bad = subject.submit(job('m1', 'bob@localhost', 'x a\u0000b'), never);
    const good = subject.submit(job('m2'), never);
    await expect(bad).rejects.toThrow('U+0000');
    await expect(good).resolves.toBe('sent');
  });

  it('after the server closes the link, sends each unconfirmed stanza alone, in order, and refuses the one that closes it twice alone', async () => {
    const { link, delivery, lanes: subject } = lanes();
    const results = Promise.allSettled(['m1', 'poison-1', 'm3'].map((id) => subject.submit(job(id), never)));
    const [m1, poison, m3] = await results;
    expect(m1).toEqual({ status: 'fulfilled', value: 'sent' });
    expect(poison).toMatchObject({
      status: 'rejected',
      reason: expect.objectContaining({ name: 'UnrecoverableError', message: expect.stringContaining('2 times it was sent alone') }),
    });
    expect(m3).toEqual({ status: 'fulfilled', value: 'sent' });
    expect(link.writes).toEqual([
      { ids: ['m1', 'poison-1', 'm3'], alone: false },
      { ids: ['m1'], alone: true },
      { ids: ['poison-1'], alone: true },
      { ids: ['poison-1'], alone: true },
      { ids: ['m3'], alone: true },
    ]);
    expect(delivery.recorded).toEqual(['m1', 'm3']);
  });

  it('does not send again what the server copied back before the link went', async () => {
    const { link, delivery, lanes: subject } = lanes();
    delivery.echoed.add('m1');
    const results = await Promise.allSettled(['m1', 'poison-2'].map((id) => subject.submit(job(id), never)));
    expect(results[0]).toEqual({ status: 'fulfilled', value: 'sent before' });
    expect(link.writes.filter((w) => w.ids.includes('m1'))).toHaveLength(1);
  });
});
