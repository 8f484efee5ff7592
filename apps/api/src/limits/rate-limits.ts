import { Inject, Injectable } from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import type { Redis } from 'ioredis';
import type { ApiEnv } from '@chat/config';
import { REDIS_CLIENT } from '@chat/redis';
import { RequestRefused } from '../requests/request-refused';

export type RateBucket = 'send' | 'read';

const WINDOW_MS = 60_000;

/**
 * Per-user request budgets, shared by every api instance through Redis and by both transports, so a user cannot
 * get round a limit by switching from REST to the socket or to another instance. A fixed one-minute window.
 */
@Injectable()
export class RateLimits {
  private readonly limits: Record<RateBucket, number>;
  private readonly prefix: string;

  constructor(
    @Inject(REDIS_CLIENT) private readonly redis: Redis,
    config: ConfigService<ApiEnv, true>,
  ) {
    this.limits = { send: config.get('SEND_RATE_PER_MINUTE', { infer: true }), read: config.get('READ_RATE_PER_MINUTE', { infer: true }) };
    this.prefix = `${config.get('QUEUE_PREFIX', { infer: true })}:rate`;
  }

  /** Counts one request; refuses it once the user's budget for this minute is spent. */
  async consume(bucket: RateBucket, user: string): Promise<void> {
    await this.spend(bucket, user, this.limits[bucket], `${bucket} requests`);
  }

  /**
   * Counts one request against a budget of its own (`perMinute` for each `key` of this `budget`), such as the demo
   * sign-in's attempts per user name and per client address. `what` names the requests in the refusal.
   */
  async spend(budget: string, key: string, perMinute: number, what: string): Promise<void> {
    const window = Math.floor(Date.now() / WINDOW_MS);
    const redisKey = `${this.prefix}:${budget}:${window}:${key}`;
    const [[, count]] = (await this.redis
      .multi()
      .incr(redisKey)
      .pexpire(redisKey, WINDOW_MS * 2)
      .exec()) as [[unknown, number], unknown];
    if (count > perMinute) {
      // Whole seconds until the window turns, at least 1: what Retry-After and the socket's retryAfter carry.
      const retryAfter = Math.max(1, Math.ceil(((window + 1) * WINDOW_MS - Date.now()) / 1000));
      throw new RequestRefused('rate-limited', `more than ${perMinute} ${what} a minute; try again in ${retryAfter} s`, { retryAfter });
    }
  }
}
