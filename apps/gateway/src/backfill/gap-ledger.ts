import { Inject, Injectable } from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import type { Redis } from 'ioredis';
import type { GatewayEnv } from '@chat/config';
import { REDIS_CLIENT } from '@chat/redis';
import type { ArchiveCursor } from '@chat/xmpp';

/** A time during which some component link was not there to receive ejabberd's copies (ms since the epoch). */
export interface Gap {
  id: string;
  /** The link whose silence opened it. */
  link: string;
  /** The last sign of life of the link that went, less the margin. */
  from: number;
  /** Set once a link is back (plus the margin): the gap can then be read from ejabberd's archive. */
  to?: number;
  /** How far a backfill got: a successor resumes there. */
  cursor?: ArchiveCursor;
  messages?: number;
}

/**
 * Which component links are alive and which gaps are open, in Redis, shared by every gateway of the domain. Each
 * link beats once a second; a link that stops beating (a killed gateway, an ejabberd restart, a cut network) opens a
 * gap from its last beat, and the gap closes once any link is alive again. Gaps survive any gateway's crash until
 * they have been backfilled.
 */
@Injectable()
export class GapLedger {
  private readonly links: string;
  private readonly gaps: string;

  constructor(
    @Inject(REDIS_CLIENT) private readonly redis: Redis,
    config: ConfigService<GatewayEnv, true>,
  ) {
    const base = `${config.get('QUEUE_PREFIX', { infer: true })}:component:${config.get('XMPP_COMPONENT_DOMAIN', { infer: true })}`;
    this.links = `${base}:links`;
    this.gaps = `${base}:gaps`;
  }

  async beat(link: string, now: number): Promise<void> {
    await this.redis.hset(this.links, link, String(now));
  }

  /**
   * Links silent for `staleMs` open a gap each (and are forgotten); while any link is alive, every open gap closes
   * `marginMs` after now. Returns the gaps opened and closed by this sweep.
   */
  async sweep(now: number, staleMs: number, marginMs: number): Promise<{ opened: Gap[]; closed: Gap[] }> {
    const beats = Object.entries(await this.redis.hgetall(this.links)).map(([link, at]) => ({ link, at: Number(at) }));
    const silent = beats.filter((b) => b.at < now - staleMs);
    const opened: Gap[] = silent.map((b) => ({ id: `${b.link}@${b.at}`, link: b.link, from: b.at - marginMs }));
    if (silent.length > 0) {
      const write = this.redis.multi().hdel(this.links, ...silent.map((b) => b.link));
      for (const gap of opened) write.hsetnx(this.gaps, gap.id, JSON.stringify(gap));
      await write.exec();
    }
    const closed: Gap[] = [];
    if (beats.some((b) => b.at >= now - staleMs)) {
      for (const gap of await this.all()) {
        if (gap.to !== undefined) continue;
        gap.to = now + marginMs;
        await this.save(gap);
        closed.push(gap);
      }
    }
    return { opened, closed };
  }

  async all(): Promise<Gap[]> {
    return Object.values(await this.redis.hgetall(this.gaps)).map((raw) => JSON.parse(raw) as Gap);
  }

  async save(gap: Gap): Promise<void> {
    await this.redis.hset(this.gaps, gap.id, JSON.stringify(gap));
  }

  async remove(id: string): Promise<void> {
    await this.redis.hdel(this.gaps, id);
  }
}
