import { describe, expect, it } from '@jest/globals';
import type { ConfigService } from '@nestjs/config';
import type { Redis } from 'ioredis';
import type { GatewayEnv } from '@chat/config';
import { GapLedger } from './gap-ledger';

/** The hash commands GapLedger uses, in memory. */
class HashRedis {
  readonly hashes = new Map<string, Map<string, string>>();
  private hash(key: string) {
    if (!this.hashes.has(key)) this.hashes.set(key, new Map());
    return this.hashes.get(key)!;
  }
  async hset(key: string, field: string, value: string) {
    this.hash(key).set(field, value);
  }
  async hsetnx(key: string, field: string, value: string) {
    if (!this.hash(key).has(field)) this.hash(key).set(field, value);
  }
  async hdel(key: string, ...fields: string[]) {
    fields.forEach((f) => this.hash(key).delete(f));
  }
  async hgetall(key: string) {
    return Object.fromEntries(this.hash(key));
  }
  multi() {
    const queued: Array<() => Promise<void>> = [];
    const chain = {
      hdel: (key: string, ...fields: string[]) => (queued.push(() => this.hdel(key, ...fields)), chain),
      hsetnx: (key: string, field: string, value: string) => (queued.push(() => this.hsetnx(key, field, value)), chain),
      exec: async () => {
        for (const run of queued) await run();
      },
    };
    return chain;
  }
}

const config = { get: (key: string) => ({ QUEUE_PREFIX: 'q', XMPP_COMPONENT_DOMAIN: 'chat.localhost' })[key] } as unknown as ConfigService<GatewayEnv, true>;
const ledger = () => new GapLedger(new HashRedis() as unknown as Redis, config);

describe('GapLedger', () => {
  it('opens nothing while every link beats', async () => {
    const gaps = ledger();
    await gaps.beat('gw-a#1', 10_000);
    await gaps.beat('gw-b#1', 10_000);
    expect(await gaps.sweep(11_000, 3000, 5000)).toEqual({ opened: [], closed: [] });
  });

  it('opens a gap from the last beat of a silent link (less the margin) and closes it while another link is alive', async () => {
    const gaps = ledger();
    await gaps.beat('gw-a#1', 10_000);
    await gaps.beat('gw-b#1', 14_000);
    const { opened, closed } = await gaps.sweep(14_500, 3000, 5000);
    expect(opened).toEqual([{ id: 'gw-a#1@10000', link: 'gw-a#1', from: 5000 }]);
    expect(closed).toEqual([{ id: 'gw-a#1@10000', link: 'gw-a#1', from: 5000, to: 19_500 }]);
    // The silent link is forgotten: the next sweep opens nothing more.
    expect((await gaps.sweep(15_000, 3000, 5000)).opened).toEqual([]);
  });

  it('keeps a gap open while no link is alive, and closes it when one comes back', async () => {
    const gaps = ledger();
    await gaps.beat('gw-a#1', 10_000);
    const first = await gaps.sweep(20_000, 3000, 5000);
    expect(first.opened).toHaveLength(1);
    expect(first.closed).toEqual([]);
    expect(await gaps.all()).toEqual([{ id: 'gw-a#1@10000', link: 'gw-a#1', from: 5000 }]);
    await gaps.beat('gw-a#2', 30_000);
    expect((await gaps.sweep(30_500, 3000, 5000)).closed).toEqual([{ id: 'gw-a#1@10000', link: 'gw-a#1', from: 5000, to: 35_500 }]);
  });

  it('keeps a gap until it is removed, with the progress saved', async () => {
    const gaps = ledger();
    await gaps.beat('gw-a#1', 10_000);
    await gaps.sweep(20_000, 3000, 5000);
    const [gap] = await gaps.all();
    await gaps.save({ ...gap, cursor: { timestamp: '7000000', id: 12 } });
    expect((await gaps.all())[0].cursor).toEqual({ timestamp: '7000000', id: 12 });
    await gaps.remove(gap.id);
    expect(await gaps.all()).toEqual([]);
  });
});
