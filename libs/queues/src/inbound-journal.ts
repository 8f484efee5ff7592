import { Inject, Injectable, type OnApplicationShutdown } from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import type { Redis } from 'ioredis';
import type { BaseEnv } from '@chat/config';
import { REDIS_CLIENT } from '@chat/redis';
import { StreamName } from './queue-catalogue';

/** A connected XMPP session as ejabberd lists it, for presence reconciliation. */
export interface SessionSnapshotEntry {
  /** Full JID. */
  jid: string;
  show: string;
  status?: string;
  priority: number;
}

export type JournalRecord =
  | { kind: 'stanza'; xml: string }
  /** All sessions ejabberd reported at `takenAt` (ms since epoch). */
  | { kind: 'sessions'; takenAt: number; sessions: SessionSnapshotEntry[] };

export interface JournalEntry {
  /** The Redis stream id: the arrival order, unique and increasing. */
  id: string;
  record: JournalRecord | { kind: 'unreadable'; raw: string };
}

const GROUP = 'mirror';
const CONSUMER = 'gateway';
// Roughly a day of heavy traffic; entries are acknowledged within milliseconds, this only bounds memory.
const MAX_LENGTH = 2_000_000;

/**
 * The gateway's durable inbox: every stanza worth mirroring is appended here the moment it arrives, and the mirror
 * acknowledges entries only after they are stored. A crash or an outage of MongoDB loses nothing: unacknowledged
 * entries are read again on the next start. Backed by a Redis stream and a consumer group.
 */
@Injectable()
export class InboundJournal implements OnApplicationShutdown {
  private readonly key: string;
  private readonly deadKey: string;
  private readonly reader: Redis;

  constructor(@Inject(REDIS_CLIENT) private readonly redis: Redis, config: ConfigService<BaseEnv, true>) {
    const prefix = config.get('QUEUE_PREFIX', { infer: true });
    this.key = `${prefix}:${StreamName.InboundStanzas}`;
    this.deadKey = `${this.key}:dead`;
    // Blocking reads get their own connection so they never hold up appends.
    this.reader = redis.duplicate();
  }

  async append(record: JournalRecord): Promise<string> {
    return (await this.redis.xadd(this.key, 'MAXLEN', '~', MAX_LENGTH, '*', 'r', JSON.stringify(record))) as string;
  }

  /** Several records in one round trip, in this order. */
  async appendAll(records: JournalRecord[]): Promise<void> {
    if (records.length === 0) return;
    const write = this.redis.multi();
    for (const record of records) write.xadd(this.key, 'MAXLEN', '~', MAX_LENGTH, '*', 'r', JSON.stringify(record));
    const results = (await write.exec()) ?? [];
    const failed = results.find(([error]) => error);
    if (failed) throw failed[0] as Error;
  }

  async ensureGroup(): Promise<void> {
    try {
      await this.redis.xgroup('CREATE', this.key, GROUP, '0', 'MKSTREAM');
    } catch (error) {
      if (!String((error as Error).message).includes('BUSYGROUP')) throw error;
    }
  }

  /** Entries delivered before but never acknowledged (a crash, a failed batch), oldest first. */
  async readUnacknowledged(count: number): Promise<JournalEntry[]> {
    return this.read(['COUNT', count, 'STREAMS', this.key, '0']);
  }

  /** New entries, waiting up to `blockMs` for the first. */
  async readNew(count: number, blockMs: number): Promise<JournalEntry[]> {
    return this.read(['COUNT', count, 'BLOCK', blockMs, 'STREAMS', this.key, '>']);
  }

  async acknowledge(ids: string[]): Promise<void> {
    if (ids.length === 0) return;
    await this.redis.multi().xack(this.key, GROUP, ...ids).xdel(this.key, ...ids).exec();
  }

  /** Keeps an entry that cannot be mirrored where an operator can read it, and takes it off the inbox. */
  async deadLetter(entry: JournalEntry, reason: string): Promise<void> {
    await this.redis.xadd(this.deadKey, 'MAXLEN', '~', 100_000, '*', 'id', entry.id, 'reason', reason, 'r', JSON.stringify(entry.record));
  }

  async depth(): Promise<{ pending: number; dead: number }> {
    const [pending, dead] = await Promise.all([
      this.redis.xlen(this.key).catch(() => 0),
      this.redis.xlen(this.deadKey).catch(() => 0),
    ]);
    return { pending, dead };
  }

  onApplicationShutdown(): void {
    this.reader.disconnect();
  }

  private async read(args: Array<string | number>): Promise<JournalEntry[]> {
    const xreadgroup = this.reader.xreadgroup.bind(this.reader) as (...a: Array<string | number>) => Promise<unknown>;
    const reply = (await xreadgroup('GROUP', GROUP, CONSUMER, ...args)) as Array<[string, Array<[string, string[] | null]>]> | null;
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
