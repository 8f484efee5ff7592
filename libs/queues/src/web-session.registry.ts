import { Inject, Injectable } from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import type { Redis } from 'ioredis';
import type { BaseEnv } from '@chat/config';
import { type BareJid, WEB_RESOURCE_PREFIX } from '@chat/domain';
import { REDIS_CLIENT } from '@chat/redis';

/**
 * The web sessions alive right now, shared by every api instance and the gateway: a Redis sorted set of full JIDs
 * (`alice@example.com/web.<socket>`) scored by when each stops counting unless its api instance renews it. A
 * session that vanishes without closing (a cut network, a closed laptop, a crashed api) simply stops being renewed.
 */
@Injectable()
export class WebSessionRegistry {
  private readonly key: string;

  constructor(@Inject(REDIS_CLIENT) private readonly redis: Redis, config: ConfigService<BaseEnv, true>) {
    this.key = `${config.get('QUEUE_PREFIX', { infer: true })}:web-sessions`;
  }

  static resourceJid(jid: BareJid, sessionId: string): string {
    return `${jid}/${WEB_RESOURCE_PREFIX}${sessionId}`;
  }

  /** Adds or renews sessions until `expiresAt`. */
  async renew(fullJids: string[], expiresAt: number): Promise<void> {
    if (fullJids.length === 0) return;
    await this.redis.zadd(this.key, ...fullJids.flatMap((j) => [expiresAt, j]));
  }

  async remove(fullJid: string): Promise<void> {
    await this.redis.zrem(this.key, fullJid);
  }

  /** The sessions still alive at `now`; expired ones are dropped from the set. */
  async alive(now: number): Promise<string[]> {
    const [, [, alive]] = (await this.redis.multi().zremrangebyscore(this.key, '-inf', now).zrangebyscore(this.key, now, '+inf').exec()) as [unknown, [unknown, string[]]];
    return alive;
  }
}
