import type { ConfigService } from '@nestjs/config';
import { Redis } from 'ioredis';
import { InboundJournal, JournalReader } from '@chat/journal';

/** The journal on the real Redis: one consumer per gateway, entries a vanished gateway left behind taken over. */
describe('the journal with several readers', () => {
  const prefix = `e2e_journal_${Date.now().toString(36)}`;
  let redis: Redis;
  const readers: JournalReader[] = [];

  const reader = (consumer: string, claimIdleMs = 200) => {
    const r = new JournalReader(redis, { prefix, consumer, claimIdleMs });
    readers.push(r);
    return r;
  };

  beforeAll(() => {
    redis = new Redis(process.env.REDIS_URL!);
  });

  afterAll(async () => {
    readers.forEach((r) => r.onApplicationShutdown());
    const keys = await redis.keys(`${prefix}:*`);
    if (keys.length) await redis.del(...keys);
    redis.disconnect();
  });

  it('keeps what a reader took but did not finish for that reader after a restart, and hands it over once that reader is gone', async () => {
    const journal = new InboundJournal(redis, { get: () => prefix } as unknown as ConfigService<never, true>);
    const first = reader('gateway-a');
    await first.ensureGroup();
    await journal.appendAll([
      { kind: 'web-session', user: 'alice@localhost' as never, sessionId: 's1', open: true, at: 1 },
      { kind: 'stanza', xml: '<presence from="bob@localhost/gajim"/>' },
    ]);
    const taken = await first.readNew(10, 100);
    expect(taken.map((e) => e.record.kind)).toEqual(['web-session', 'stanza']);

    // The same gateway restarted under its name finds its own unfinished entries.
    expect((await reader('gateway-a').readUnacknowledged(10)).map((e) => e.id)).toEqual(taken.map((e) => e.id));
    // Another gateway does not see them while they are fresh, and takes them over once they lay idle.
    const second = reader('gateway-b');
    expect(await second.readUnacknowledged(10)).toEqual([]);
    expect(await second.claimAbandoned(10)).toBe(0);
    await new Promise((r) => setTimeout(r, 300));
    expect(await second.claimAbandoned(10)).toBe(2);
    const handedOver = await second.readUnacknowledged(10);
    expect(handedOver.map((e) => e.id)).toEqual(taken.map((e) => e.id));
    await second.acknowledge(handedOver.map((e) => e.id));
    expect(await second.readUnacknowledged(10)).toEqual([]);
    expect(await journal.depth()).toEqual({ pending: 0, dead: 0 });
  });
});
