import { Inject, Injectable, type OnApplicationShutdown } from '@nestjs/common';
import type { Redis } from 'ioredis';
import { REDIS_CLIENT } from '@chat/redis';
import type { JournalEntry, JournalRecord } from './journal-records';
import { journalKeys } from './journal-keys';

/** Who reads, under which prefix; given by the gateway's configuration (see JournalModule.forReader). */
export interface JournalReaderOptions {
  prefix: string;
  /** This process's name in the consumer group; a restart under the same name finds its own unacknowledged entries. */
  consumer: string;
  /** Entries another consumer left unacknowledged this long are taken over: that consumer is gone. */
  claimIdleMs: number;
}

export const JOURNAL_READER_OPTIONS = Symbol('JOURNAL_READER_OPTIONS');

type RawEntry = [string, string[] | null];

/**
 * The reading side of the journal: a consumer group, one consumer per gateway process. Entries are acknowledged
 * only once stored, so a crash or a MongoDB outage loses nothing: a process finds its own unacknowledged entries
 * again, and entries a vanished process left behind are claimed by whoever reads after `claimIdleMs`.
 */
@Injectable()
export class JournalReader implements OnApplicationShutdown {
  private readonly keys: ReturnType<typeof journalKeys>;
  private readonly reader: Redis;

  constructor(
    @Inject(REDIS_CLIENT) private readonly redis: Redis,
    @Inject(JOURNAL_READER_OPTIONS) private readonly options: JournalReaderOptions,
  ) {
    this.keys = journalKeys(options.prefix);
    // Blocking reads get their own connection so they never hold up appends.
    this.reader = redis.duplicate();
  }

  get consumer(): string {
    return this.options.consumer;
  }

  async ensureGroup(): Promise<void> {
    try {
      await this.redis.xgroup('CREATE', this.keys.stream, this.keys.group, '0', 'MKSTREAM');
    } catch (error) {
      if (!String((error as Error).message).includes('BUSYGROUP')) throw error;
    }
  }

  /** Entries delivered to this consumer before but never acknowledged (a crash, a failed batch), oldest first. */
  async readUnacknowledged(count: number): Promise<JournalEntry[]> {
    return this.read(['COUNT', count, 'STREAMS', this.keys.stream, '0']);
  }

  /** New entries, waiting up to `blockMs` for the first. */
  async readNew(count: number, blockMs: number): Promise<JournalEntry[]> {
    return this.read(['COUNT', count, 'BLOCK', blockMs, 'STREAMS', this.keys.stream, '>']);
  }

  /**
   * Takes over entries other consumers left unacknowledged for `claimIdleMs` (XAUTOCLAIM), oldest first; they are
   * this consumer's from then on, and `readUnacknowledged` returns them.
   */
  async claimAbandoned(count: number): Promise<number> {
    let claimed = 0;
    for (let cursor = '0-0'; ;) {
      const [next, entries] = (await this.redis.xautoclaim(
        this.keys.stream,
        this.keys.group,
        this.options.consumer,
        this.options.claimIdleMs,
        cursor,
        'COUNT',
        count,
        'JUSTID',
      )) as [string, string[]];
      claimed += entries.length;
      if (next === '0-0' || claimed >= count) return claimed;
      cursor = next;
    }
  }

  async acknowledge(ids: string[]): Promise<void> {
    if (ids.length === 0) return;
    await this.redis
      .multi()
      .xack(this.keys.stream, this.keys.group, ...ids)
      .xdel(this.keys.stream, ...ids)
      .exec();
  }

  /** Keeps an entry that cannot be mirrored where an operator can read it, and takes it off the inbox. */
  async deadLetter(entry: JournalEntry, reason: string): Promise<void> {
    await this.redis.xadd(this.keys.dead, 'MAXLEN', '~', 100_000, '*', 'id', entry.id, 'reason', reason, 'r', JSON.stringify(entry.record));
  }

  onApplicationShutdown(): void {
    this.reader.disconnect();
  }

  private async read(args: Array<string | number>): Promise<JournalEntry[]> {
    const xreadgroup = this.reader.xreadgroup.bind(this.reader) as (...a: Array<string | number>) => Promise<unknown>;
    const reply = (await xreadgroup('GROUP', this.keys.group, this.options.consumer, ...args)) as Array<[string, RawEntry[]]> | null;
    if (!reply) return [];
    return reply[0][1]
      .filter(([, fields]) => fields) // an entry trimmed away after delivery has no fields left
      .map(([id, fields]) => ({ id, record: decode(fields![1]) }));
  }
}

function decode(raw: string): JournalEntry['record'] {
  try {
    return JSON.parse(raw) as JournalRecord;
  } catch {
    return { kind: 'unreadable', raw: raw.slice(0, 10_000) };
  }
}
