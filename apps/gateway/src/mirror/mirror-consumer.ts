import { Injectable, Logger, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import type { GatewayEnv } from '@chat/config';
import { FanoutQueues, InboundJournal, type JournalEntry } from '@chat/queues';
import { reconnectDelay } from '@chat/xmpp';
import { ConversationMirror } from './conversation-mirror.service';
import { parseJournalBatch } from './journal-batch';
import { PresenceMirror } from './presence-mirror.service';
import { chatStateJob } from './web-events.mapper';

/**
 * Drains the inbound journal in batches, in order: parse, store, enqueue the fan-out, then acknowledge. A batch that
 * fails (MongoDB or Redis away) is not acknowledged and is retried with backoff until it succeeds; entries that can
 * never be mirrored (hostile or broken stanzas) are logged and moved to the journal's dead-letter stream.
 */
@Injectable()
export class MirrorConsumer implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger(MirrorConsumer.name);
  private readonly context: { serverDomain: string; mucDomain: string; componentDomain: string; maxBodyLength: number };
  private readonly batchSize: number;
  private stopping = false;
  private loop?: Promise<void>;
  private mirrored = 0;

  constructor(
    private readonly journal: InboundJournal,
    private readonly conversations: ConversationMirror,
    private readonly presence: PresenceMirror,
    private readonly fanout: FanoutQueues,
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

  get entriesMirrored(): number {
    return this.mirrored;
  }

  onApplicationBootstrap(): void {
    this.loop = this.run();
  }

  async onApplicationShutdown(): Promise<void> {
    this.stopping = true;
    await this.loop;
  }

  /**
   * Two stages overlap: while one batch's bookkeeping (activity stream, counters, presence, acknowledgement) runs,
   * the next batch is archived and handed to the fan-out. Bookkeeping runs one batch at a time, in order.
   */
  private async run(): Promise<void> {
    let failures = 0;
    // Entries delivered before a crash or a failed batch come first, without overlap.
    let recovering = true;
    let previous: Promise<void> = Promise.resolve();
    while (!this.stopping) {
      try {
        if (failures === 0 && recovering) await this.journal.ensureGroup();
        const entries = recovering ? await this.journal.readUnacknowledged(this.batchSize) : await this.journal.readNew(this.batchSize, 500);
        if (recovering && entries.length === 0) {
          recovering = false;
          continue;
        }
        if (entries.length > 0) {
          const finish = await this.archive(entries, recovering);
          await previous;
          previous = finish();
          // A failure surfaces at the next `await previous`; until then it must not count as unhandled.
          previous.catch(() => undefined);
          if (recovering) await previous;
        }
        if (failures > 0) this.logger.log(`mirror resumed after ${failures} failed attempt(s)`);
        failures = 0;
      } catch (error) {
        recovering = true;
        previous = Promise.resolve();
        const delay = reconnectDelay(failures, 200, 10_000);
        failures += 1;
        this.logger.error(`mirror batch failed (attempt ${failures}), retrying in ${delay} ms: ${(error as Error).message}`);
        await new Promise((r) => setTimeout(r, delay));
      }
    }
    await previous.catch(() => undefined);
  }

  /**
   * Archives a batch and hands its messages to the fan-out; returns the rest of its work.
   * @param replay the entries were delivered before: deliver to web users again whatever they contain
   */
  private async archive(entries: JournalEntry[], replay: boolean): Promise<() => Promise<void>> {
    const batch = parseJournalBatch(entries, this.context);
    for (const { entry, reason } of batch.rejected) {
      this.logger.warn(`skipped journal entry ${entry.id}: ${reason}`);
      await this.journal.deadLetter(entry, reason);
    }
    const { jobs, bookkeeping } = await this.conversations.apply(batch.conversation, batch.occupancy, replay);
    // Typing notices are live-only; replaying old ones would show ghosts typing.
    if (!replay) jobs.push(...batch.chatStates.map(chatStateJob));
    await this.fanout.enqueueChat(jobs);
    return async () => {
      const [changed] = await Promise.all([this.presence.apply(batch.presence), bookkeeping()]);
      await this.fanout.enqueuePresence(changed);
      await this.journal.acknowledge(entries.map((e) => e.id));
      this.mirrored += entries.length;
    };
  }
}
