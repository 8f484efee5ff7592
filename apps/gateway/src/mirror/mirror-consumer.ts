import { Injectable, Logger, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import type { GatewayEnv } from '@chat/config';
import { type JournalEntry, journalPosition, JournalReader } from '@chat/journal';
import { FanoutQueues } from '@chat/queues';
import { reconnectDelay } from '@chat/xmpp';
import { ActiveGatewayLease } from '../pairing/active-gateway-lease';
import { ChatStateCopies } from './chat-state-copies';
import { type Bookkeeping, ConversationMirror } from './conversation-mirror.service';
import { DeliveryReceipts } from './delivery-receipts';
import { type JournalBatch, parseJournalBatch } from './journal-batch';
import { PresenceMirror } from './presence-mirror.service';
import { ReadMarkerMirror } from './read-marker-mirror.service';
import { chatStateJob } from './web-events.mapper';

/** Archived batches may wait this many deep for their bookkeeping before archiving pauses. */
const MAX_BACKLOG = 32;

interface ArchivedBatch {
  entries: JournalEntry[];
  work: Bookkeeping;
  presence: JournalBatch['presence'];
  markers: Array<JournalBatch['markers'][number] & { waitingId?: string }>;
}

/**
 * Drains the inbound journal in batches, in order: parse, store, enqueue the fan-out, then acknowledge. A batch that
 * fails (MongoDB or Redis away) is not acknowledged and is retried with backoff until it succeeds; entries that can
 * never be mirrored (hostile or broken stanzas) are logged and moved to the journal's dead-letter stream. Only the
 * active gateway of a pair drains (ActiveGatewayLease); the others journal and stand by.
 */
@Injectable()
export class MirrorConsumer implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger(MirrorConsumer.name);
  private readonly context: { serverDomain: string; mucDomain: string; componentDomain: string; maxBodyLength: number };
  private readonly batchSize: number;
  private stopping = false;
  private readonly stopped = new AbortController();
  private loop?: Promise<void>;
  private backlog: ArchivedBatch[] = [];
  private bookkeeper?: Promise<void>;
  private bookkeepingError?: Error;
  private readonly chatStates = new ChatStateCopies();

  constructor(
    private readonly journal: JournalReader,
    private readonly conversations: ConversationMirror,
    private readonly presence: PresenceMirror,
    private readonly reads: ReadMarkerMirror,
    private readonly receipts: DeliveryReceipts,
    private readonly fanout: FanoutQueues,
    private readonly lease: ActiveGatewayLease,
    config: ConfigService<GatewayEnv, true>,
  ) {
    this.context = {
      serverDomain: config.get('XMPP_DOMAIN', { infer: true }),
      mucDomain: config.get('XMPP_MUC_DOMAIN', { infer: true }),
      componentDomain: config.get('XMPP_COMPONENT_DOMAIN', { infer: true }),
      maxBodyLength: config.get('MAX_BODY_LENGTH', { infer: true }),
    };
    this.batchSize = config.get('MIRROR_BATCH_SIZE', { infer: true });
  }

  onApplicationBootstrap(): void {
    this.loop = this.run();
  }

  async onApplicationShutdown(): Promise<void> {
    this.stopping = true;
    this.stopped.abort();
    await this.loop;
  }

  /**
   * Two stages overlap: batches are archived and handed to the fan-out one after another, while a second loop does
   * their bookkeeping (activity stream, counters, presence) several batches at a time and acknowledges them. If the
   * bookkeeping fails, everything not acknowledged is read again and replayed: each step is idempotent.
   */
  private async run(): Promise<void> {
    let failures = 0;
    // Entries delivered before a crash or a failed batch come first, without overlap.
    let recovering = true;
    while (!this.stopping) {
      try {
        if (!this.lease.active) {
          // Only the active gateway mirrors; a twin that took over may be reading already. What this one read and
          // did not acknowledge is the successor's to claim (or this one's again, once it is active again).
          await this.settle();
          recovering = true;
          await this.lease.whenActive(this.stopped.signal).catch(() => undefined);
          continue;
        }
        if (this.bookkeepingError) {
          const error = this.bookkeepingError;
          this.bookkeepingError = undefined;
          throw error;
        }
        if (failures === 0 && recovering) {
          await this.journal.ensureGroup();
          // The previous active gateway may have died with entries unfinished; they are this one's now.
          const claimed = await this.journal.claimAbandoned(this.batchSize);
          if (claimed > 0) this.logger.warn(`took over ${claimed} journal entries another gateway left unfinished`);
        }
        const entries = recovering ? await this.journal.readUnacknowledged(this.batchSize) : await this.journal.readNew(this.batchSize, 500);
        if (recovering && entries.length === 0) {
          recovering = false;
          continue;
        }
        if (entries.length > 0) {
          this.backlog.push(await this.archive(entries, recovering));
          this.drain();
          if (recovering || this.backlog.length >= MAX_BACKLOG) await this.settle();
          if (this.bookkeepingError) continue;
        }
        if (failures > 0) this.logger.log(`mirror resumed after ${failures} failed attempt(s)`);
        failures = 0;
      } catch (error) {
        recovering = true;
        await this.settle();
        this.backlog = [];
        this.bookkeepingError = undefined;
        const delay = reconnectDelay(failures, 200, 10_000);
        failures += 1;
        this.logger.error(`mirror batch failed (attempt ${failures}), retrying in ${delay} ms: ${(error as Error).message}`);
        await new Promise((r) => setTimeout(r, delay));
      }
    }
    await this.settle();
  }

  /**
   * Archives a batch and hands its messages to the fan-out; returns the rest of its work.
   * @param replay the entries were delivered before: deliver to web users again whatever they contain
   */
  private async archive(entries: JournalEntry[], replay: boolean): Promise<ArchivedBatch> {
    const batch = parseJournalBatch(entries, this.context);
    for (const { entry, reason } of batch.rejected) {
      this.logger.warn(`skipped journal entry ${entry.id}: ${reason}`);
      await this.journal.deadLetter(entry, reason);
    }
    const { jobs, work, markers } = await this.conversations.apply(batch.conversation, batch.occupancy, replay);
    // Typing notices are live-only; replaying old ones would show ghosts typing.
    if (!replay) jobs.push(...this.chatStates.firstCopies(batch.chatStates).map(chatStateJob));
    await this.fanout.enqueueChat(jobs);
    await this.receipts.answer(batch.conversation, new Set(work.fresh.map((m) => m.id)));
    return { entries, work, presence: batch.presence, markers: [...batch.markers, ...markers] };
  }

  /** Runs the bookkeeping of every archived batch waiting for it, unless that loop is already running. */
  private drain(): void {
    if (this.bookkeeper) return;
    this.bookkeeper = (async () => {
      while (this.backlog.length > 0 && !this.bookkeepingError) {
        const batches = this.backlog.splice(0);
        const started = performance.now();
        const [changed] = await Promise.all([this.presence.apply(batches.flatMap((b) => b.presence)), this.conversations.bookkeep(batches.map((b) => b.work))]);
        await this.fanout.enqueuePresence(changed);
        const ids = batches.flatMap((b) => b.entries.map((e) => e.id));
        // After the counters: a marker recounts what is unread among messages already counted.
        await this.fanout.enqueueChat(
          await this.reads.apply(
            batches.flatMap((b) => b.markers),
            journalPosition(ids[ids.length - 1]),
          ),
        );
        await this.journal.acknowledge(ids);
        this.logger.debug(`bookkeeping of ${batches.length} batch(es), ${ids.length} entries, in ${(performance.now() - started).toFixed(1)} ms`);
      }
    })()
      .catch((error: Error) => {
        this.bookkeepingError = error;
        this.backlog = [];
      })
      .finally(() => {
        this.bookkeeper = undefined;
        if (this.backlog.length > 0 && !this.bookkeepingError) this.drain();
      });
  }

  /** Waits until no bookkeeping runs. */
  private async settle(): Promise<void> {
    while (this.bookkeeper) await this.bookkeeper;
  }
}
