import { Inject, Injectable } from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import type { Redis } from 'ioredis';
import type { BaseEnv } from '@chat/config';
import { REDIS_CLIENT } from '@chat/redis';
import type { JournalRecord } from './journal-records';
import { journalKeys } from './journal-keys';

// Roughly a day of heavy traffic; entries are acknowledged within milliseconds, this only bounds memory.
const MAX_LENGTH = 2_000_000;

/**
 * The writing side of the journal, the durable inbox of everything the mirror must store: the gateway appends every
 * stanza worth mirroring the moment it arrives (and its own record of each web send), the api each web session
 * opened or closed. A Redis stream; JournalReader is its reading side.
 */
@Injectable()
export class InboundJournal {
  private readonly keys: ReturnType<typeof journalKeys>;

  constructor(
    @Inject(REDIS_CLIENT) private readonly redis: Redis,
    config: ConfigService<BaseEnv, true>,
  ) {
    this.keys = journalKeys(config.get('QUEUE_PREFIX', { infer: true }));
  }

  async append(record: JournalRecord): Promise<string> {
    return (await this.redis.xadd(this.keys.stream, 'MAXLEN', '~', MAX_LENGTH, '*', 'r', JSON.stringify(record))) as string;
  }

  /** Several records in one round trip, in this order. */
  async appendAll(records: JournalRecord[]): Promise<void> {
    if (records.length === 0) return;
    const write = this.redis.multi();
    for (const record of records) write.xadd(this.keys.stream, 'MAXLEN', '~', MAX_LENGTH, '*', 'r', JSON.stringify(record));
    const results = (await write.exec()) ?? [];
    const failed = results.find(([error]) => error);
    if (failed) throw failed[0] as Error;
  }

  /** Entries not yet mirrored, and those set aside as unmirrorable (the dead-letter stream). */
  async depth(): Promise<{ pending: number; dead: number }> {
    const [pending, dead] = await Promise.all([this.redis.xlen(this.keys.stream).catch(() => 0), this.redis.xlen(this.keys.dead).catch(() => 0)]);
    return { pending, dead };
  }
}
