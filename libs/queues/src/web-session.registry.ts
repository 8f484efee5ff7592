import { Inject, Injectable } from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import type { Redis } from 'ioredis';
import type { BaseEnv } from '@chat/config';
import { type BareJid, toBareJid, WEB_RESOURCE_PREFIX } from '@chat/domain';
import { REDIS_CLIENT } from '@chat/redis';

/**
 * The web sessions alive right now, shared by every api instance and the gateway: a Redis sorted set of full JIDs
 * (`alice@example.com/web.<socket>`) scored by when each stops counting unless its api instance renews it. A
 * session that vanishes without closing (a cut network, a closed laptop, a crashed api) simply stops being renewed.
 * Each user's sessions are also kept in a set of their own, so "is this user on the web now" is one small read.
 */
@Injectable()
export class WebSessionRegistry {
  private readonly key: string;

  constructor(
    @Inject(REDIS_CLIENT) private readonly redis: Redis,
    config: ConfigService<BaseEnv, true>,
  ) {
    this.key = `${config.get('QUEUE_PREFIX', { infer: true })}:web-sessions`;
  }

  static resourceJid(jid: BareJid, sessionId: string): string {
    return `${jid}/${WEB_RESOURCE_PREFIX}${sessionId}`;
  }

  /** Adds or renews sessions until `expiresAt`. */
  async renew(fullJids: string[], expiresAt: number): Promise<void> {
    if (fullJids.length === 0) return;
    const write = this.redis.multi().zadd(this.key, ...fullJids.flatMap((j) => [expiresAt, j]));
    for (const full of fullJids) {
      const own = this.userKey(toBareJid(full));
      write.zadd(own, expiresAt, full).pexpireat(own, expiresAt);
    }
    await write.exec();
  }

  /** Whether the user has a web session alive at `now` (a socket open on some api instance). */
  async hasLiveSession(jid: BareJid, now = Date.now()): Promise<boolean> {
    return (await this.redis.zcount(this.userKey(jid), now, '+inf')) > 0;
  }

  async remove(fullJid: string): Promise<void> {
    await this.redis
      .multi()
      .zrem(this.key, fullJid)
      .zrem(this.userKey(toBareJid(fullJid)), fullJid)
      .exec();
  }

  private userKey(jid: BareJid): string {
    return `${this.key}:${jid}`;
  }

  /** The sessions still alive at `now`; expired ones are dropped from the set. */
  async alive(now: number): Promise<string[]> {
    const [, [, alive]] = (await this.redis.multi().zremrangebyscore(this.key, '-inf', now).zrangebyscore(this.key, now, '+inf').exec()) as [unknown, [unknown, string[]]];
    return alive;
  }
}
