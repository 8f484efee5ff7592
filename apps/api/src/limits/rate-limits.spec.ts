import { afterEach, beforeEach, describe, expect, it, jest } from '@jest/globals';
import type { ConfigService } from '@nestjs/config';
import type { Redis } from 'ioredis';
import type { ApiEnv } from '@chat/config';
import { RequestRefused } from '../requests/request-refused';
import { RateLimits } from './rate-limits';

/** The part of Redis the budgets use: INCR and PEXPIRE in one MULTI, with expiry on the (fake) clock. */
class InMemoryRedis {
  readonly counters = new Map<string, { count: number; expiresAt: number }>();

  multi() {
    const commands: Array<() => [null, number]> = [];
    const chain = {
      incr: (key: string) => {
        commands.push(() => {
          const live = this.live(key);
          const next = { count: (live?.count ?? 0) + 1, expiresAt: live?.expiresAt ?? Infinity };
          this.counters.set(key, next);
          return [null, next.count];
        });
        return chain;
      },
      pexpire: (key: string, ms: number) => {
        commands.push(() => {
          const live = this.live(key);
          if (live) live.expiresAt = Date.now() + ms;
          return [null, live ? 1 : 0];
        });
        return chain;
      },
      exec: async () => commands.map((command) => command()),
    };
    return chain;
  }

  private live(key: string) {
    const entry = this.counters.get(key);
    return entry && entry.expiresAt > Date.now() ? entry : undefined;
  }
}

class FixedConfig {
  constructor(private readonly values: Partial<ApiEnv>) {}

  get<K extends keyof ApiEnv>(key: K): ApiEnv[K] {
    return this.values[key] as ApiEnv[K];
  }
}

function setUp() {
  const redis = new InMemoryRedis();
  const config = new FixedConfig({ SEND_RATE_PER_MINUTE: 3, READ_RATE_PER_MINUTE: 5, QUEUE_PREFIX: 'chat' });
  return { limits: new RateLimits(redis as unknown as Redis, config as unknown as ConfigService<ApiEnv, true>), redis };
}

async function refusal(promise: Promise<unknown>): Promise<RequestRefused> {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(RequestRefused);
  return error as RequestRefused;
}

// 10:00:15 UTC: 45 s before the window turns.
const START = Date.UTC(2026, 11, 2, 10, 0, 15);

describe('RateLimits', () => {
  beforeEach(() => {
    jest.useFakeTimers({ now: START });
  });

  afterEach(() => {
    jest.useRealTimers();
  });

  it('allows SEND_RATE_PER_MINUTE send requests a minute, then refuses with the seconds until the window turns', async () => {
    const { limits } = setUp();
    for (let i = 0; i < 3; i++) await limits.consume('send', 'alice@localhost');
    const refused = await refusal(limits.consume('send', 'alice@localhost'));
    expect(refused.kind).toBe('rate-limited');
    expect(refused.message).toBe('more than 3 send requests a minute; try again in 45 s');
    expect(refused.details).toEqual({ retryAfter: 45 });
  });

  it('keeps a budget per user and per bucket', async () => {
    const { limits } = setUp();
    for (let i = 0; i < 3; i++) await limits.consume('send', 'alice@localhost');
    await limits.consume('send', 'bob@localhost');
    for (let i = 0; i < 5; i++) await limits.consume('read', 'alice@localhost');
    expect((await refusal(limits.consume('read', 'alice@localhost'))).message).toMatch(/^more than 5 read requests a minute/);
  });

  it('renews the budget when the minute turns', async () => {
    const { limits } = setUp();
    for (let i = 0; i < 3; i++) await limits.consume('send', 'alice@localhost');
    await refusal(limits.consume('send', 'alice@localhost'));
    jest.setSystemTime(START + 45_000);
    await limits.consume('send', 'alice@localhost');
  });

  it('rounds the wait up to whole seconds', async () => {
    const { limits } = setUp();
    jest.setSystemTime(START + 43_700);
    for (let i = 0; i < 3; i++) await limits.consume('send', 'alice@localhost');
    expect((await refusal(limits.consume('send', 'alice@localhost'))).details).toEqual({ retryAfter: 2 });
    jest.setSystemTime(START + 44_999);
    expect((await refusal(limits.consume('send', 'alice@localhost'))).details).toEqual({ retryAfter: 1 });
  });

  it('counts budgets of their own under their own keys, which expire after two windows', async () => {
    const { limits, redis } = setUp();
    await limits.spend('demo-user', 'alice', 1, 'sign-in attempts for this user');
    const refused = await refusal(limits.spend('demo-user', 'alice', 1, 'sign-in attempts for this user'));
    expect(refused.message).toBe('more than 1 sign-in attempts for this user a minute; try again in 45 s');
    await limits.spend('demo-address', 'alice', 1, 'sign-in attempts from this address');
    const window = Math.floor(START / 60_000);
    expect([...redis.counters.keys()]).toEqual([`chat:rate:demo-user:${window}:alice`, `chat:rate:demo-address:${window}:alice`]);
    expect(redis.counters.get(`chat:rate:demo-user:${window}:alice`)).toEqual({ count: 2, expiresAt: START + 120_000 });
  });
});
