import type { ConfigService } from '@nestjs/config';
import type { Redis } from 'ioredis';
import type { GatewayEnv } from '@chat/config';
import { SentStanzaMarks } from './sent-stanza-marks';

/** The part of Redis the marks use: EXISTS, and SET … EX in one MULTI. */
class InMemoryRedis {
  readonly values = new Map<string, { value: string; ttlSeconds: number }>();
  transactions = 0;

  async exists(key: string): Promise<number> {
    return this.values.has(key) ? 1 : 0;
  }

  multi() {
    const writes: Array<() => void> = [];
    const chain = {
      set: (key: string, value: string, mode: 'EX', seconds: number) => {
        writes.push(() => this.values.set(key, { value, ttlSeconds: mode === 'EX' ? seconds : NaN }));
        return chain;
      },
      exec: async () => {
        this.transactions += 1;
        writes.forEach((write) => write());
        return [];
      },
    };
    return chain;
  }
}

class FixedConfig {
  get(): string {
    return 'chat';
  }
}

function setUp() {
  const redis = new InMemoryRedis();
  return { marks: new SentStanzaMarks(redis as unknown as Redis, new FixedConfig() as unknown as ConfigService<GatewayEnv, true>), redis };
}

describe('SentStanzaMarks', () => {
  it('remembers the jobs marked sent, for as long as the queue keeps a job (a day)', async () => {
    const { marks, redis } = setUp();
    expect(await marks.has('job-1')).toBe(false);
    await marks.addAll(['job-1', 'job-2']);
    expect(await marks.has('job-1')).toBe(true);
    expect(await marks.has('job-3')).toBe(false);
    expect(redis.values.get('chat:outbound-sent:job-2')).toEqual({ value: '1', ttlSeconds: 86_400 });
    expect(redis.transactions).toBe(1);
  });

  it('writes nothing for no jobs', async () => {
    const { marks, redis } = setUp();
    await marks.addAll([]);
    expect(redis.transactions).toBe(0);
  });
});
