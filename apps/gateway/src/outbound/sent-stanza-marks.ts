import { Inject, Injectable } from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import type { Redis } from 'ioredis';
import type { GatewayEnv } from '@chat/config';
import { REDIS_CLIENT } from '@chat/redis';

/** As long as the outbound queue keeps a job for a client that retries with the same key. */
const KEPT_S = 86_400;

/**
 * Which outbound jobs the server has confirmed reading, by job id, kept in Redis beside the queue. A job run again
 * (a stalled job after a crash, a retry after journaling failed) asks here first, so a message a desktop user
 * already got is not sent to them a second time.
 */
@Injectable()
export class SentStanzaMarks {
  private readonly prefix: string;

  constructor(
    @Inject(REDIS_CLIENT) private readonly redis: Redis,
    config: ConfigService<GatewayEnv, true>,
  ) {
    this.prefix = `${config.get('QUEUE_PREFIX', { infer: true })}:outbound-sent:`;
  }

  async has(jobId: string): Promise<boolean> {
    return (await this.redis.exists(this.prefix + jobId)) === 1;
  }

  async addAll(jobIds: string[]): Promise<void> {
    if (jobIds.length === 0) return;
    const write = this.redis.multi();
    for (const id of jobIds) write.set(this.prefix + id, '1', 'EX', KEPT_S);
    await write.exec();
  }
}
