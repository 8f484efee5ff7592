import { InjectQueue } from '@nestjs/bullmq';
import { Injectable, Logger, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import { type Job, type Queue, Worker } from 'bullmq';
import type { GatewayEnv } from '@chat/config';
import { outboundActivityId, outboundConversation, TurnsByKey } from '@chat/domain';
import { QueueName, type XmppOutboundJob } from '@chat/queues';
import { ServerEvent, SocketEmitter, type WebSendFailed } from '@chat/realtime';
import { reconnectDelay } from '@chat/xmpp';
import { OutboundDelivery, StoppedWaiting } from './outbound-delivery';
import { OutboundProgress } from './outbound-progress';

/** How long a fetched job is ours without renewal; renewed at half of it for as long as its send takes. */
const LOCK_MS = 30_000;
/** At shutdown, how long sends in progress may take to finish before the rest goes back to the queue. */
const SHUTDOWN_GRACE_MS = 5000;

interface Taken {
  job: Job<XmppOutboundJob>;
  token: string;
  /** Fetch order: at shutdown, unsent jobs go back to the queue in this order. */
  fetched: number;
}

/**
 * Drains the outbound queue: OUTBOUND_CONCURRENCY sends in progress, each conversation strictly in queue order, so a
 * slow or failing send holds up its own conversation only.
 *
 * Jobs are fetched by hand, one at a time (BullMQ's "manually processing jobs"), because BullMQ's own loop hands a
 * concurrent processor its jobs in the order their fetches happen to settle, not in queue order; here each job takes
 * its conversation's turn the moment it is fetched. Locks are renewed here, stalled jobs (a crashed gateway's) go
 * back to the queue through BullMQ's stalled check, and at shutdown the jobs not yet sent go back in their order.
 */
@Injectable()
export class OutboundConsumer implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger(OutboundConsumer.name);
  private readonly stopping = new AbortController();
  private readonly turns = new TurnsByKey();
  private readonly taken = new Map<string, Taken>();
  private readonly concurrency: number;
  private worker?: Worker<XmppOutboundJob>;
  private loop?: Promise<void>;
  private lockTimer?: NodeJS.Timeout;
  private freeSlot?: () => void;
  private fetched = 0;
  private readonly unsent: Taken[] = [];

  constructor(
    @InjectQueue(QueueName.XmppOutbound) private readonly queue: Queue<XmppOutboundJob>,
    private readonly delivery: OutboundDelivery,
    private readonly progress: OutboundProgress,
    private readonly sockets: SocketEmitter,
    config: ConfigService<GatewayEnv, true>,
  ) {
    this.concurrency = config.get('OUTBOUND_CONCURRENCY', { infer: true });
  }

  onApplicationBootstrap(): void {
    this.worker = new Worker<XmppOutboundJob>(this.queue.name, null, {
      connection: this.queue.opts.connection,
      prefix: this.queue.opts.prefix,
      autorun: false,
      lockDuration: LOCK_MS,
    });
    this.worker.on('error', (error) => this.logger.warn(`outbound queue: ${error.message}`));
    void this.worker.startStalledCheckTimer();
    this.lockTimer = setInterval(() => void this.renewLocks(), LOCK_MS / 2);
    this.loop = this.fetchLoop(this.worker);
  }

  /**
   * Sends in progress finish; those still waiting (for the link, or their turn) go back to the queue where they
   * were: BullMQ's moveToWait puts a job next in line, so they go back last first.
   */
  async onApplicationShutdown(): Promise<void> {
    this.stopping.abort();
    this.freeSlot?.();
    const deadline = Date.now() + SHUTDOWN_GRACE_MS;
    while (this.taken.size > 0 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 20));
    for (const { job, token } of this.unsent.sort((a, b) => b.fetched - a.fetched)) {
      await job.moveToWait(token).catch((error: Error) => this.logger.warn(`job ${job.id} left for the stalled check: ${error.message}`));
    }
    clearInterval(this.lockTimer);
    await this.worker?.close();
    await this.loop;
  }

  private async fetchLoop(worker: Worker<XmppOutboundJob>): Promise<void> {
    let failures = 0;
    while (!this.stopping.signal.aborted) {
      if (this.taken.size >= this.concurrency) {
        await new Promise<void>((resolve) => (this.freeSlot = resolve));
        continue;
      }
      const fetched = this.fetched++;
      const token = `${worker.id}:${fetched}`;
      try {
        const job = await worker.getNextJob(token, { block: true });
        failures = 0;
        if (!job) continue;
        if (this.stopping.signal.aborted) this.unsent.push({ job, token, fetched });
        else this.start({ job, token, fetched });
      } catch (error) {
        if (this.stopping.signal.aborted) break;
        const delay = reconnectDelay(failures++, 200, 10_000);
        this.logger.warn(`cannot fetch outbound jobs (${(error as Error).message}); again in ${delay} ms`);
        await new Promise((r) => setTimeout(r, delay));
      }
    }
  }

  /** Takes the job's turn in its conversation now, synchronously, so turns follow the order of fetching. */
  private start(taken: Taken): void {
    const { job, token } = taken;
    const id = job.id ?? '';
    const ranBefore = job.attemptsMade > 0 || job.stalledCounter > 0;
    this.taken.set(id, taken);
    this.progress.queued(id, job.data.kind);
    this.turns
      .inTurn(outboundConversation(job.data).id, () => {
        this.progress.started(id);
        return this.delivery.deliver({ id, stanza: job.data, ranBefore }, this.stopping.signal);
      })
      .then(
        (outcome) => job.moveToCompleted(outcome, token, false),
        (error: Error) => (error instanceof StoppedWaiting ? void this.unsent.push(taken) : this.settleFailure(job, token, error)),
      )
      .catch((error: Error) => this.logger.error(`outbound job ${id} not settled: ${error.message}`))
      .finally(() => {
        this.taken.delete(id);
        this.progress.settled(id);
        this.freeSlot?.();
        this.freeSlot = undefined;
      });
  }

  /**
   * A send that gives up (at once for what can never go out, after BullMQ's retries otherwise) is reported to its
   * sender's sockets with the id their acknowledgement carried, and stays in the failed set for an operator.
   */
  private async settleFailure(job: Job<XmppOutboundJob>, token: string, error: Error): Promise<void> {
    await job.moveToFailed(error, token, false);
    const final = job.finishedOn !== undefined;
    // The reason names the problem, never the text (see unsendableReason): bodies stay out of logs.
    this.logger.error(`${job.data.kind} from ${job.data.from} failed (attempt ${job.attemptsMade}${final ? ', given up' : ', will retry'}): ${error.message}`);
    if (!final || job.data.kind === 'chat-state' || job.data.kind === 'receipt') return;
    const failed: WebSendFailed = { id: outboundActivityId(job.data) ?? job.id ?? '', kind: job.data.kind, to: job.data.to, reason: error.message };
    this.sockets.toUsers([job.data.from], ServerEvent.SendFailed, failed);
  }

  private async renewLocks(): Promise<void> {
    const taken = [...this.taken.values()];
    if (!this.worker || taken.length === 0) return;
    try {
      await this.worker.extendJobLocks(
        taken.map((t) => t.job.id ?? ''),
        taken.map((t) => t.token),
        LOCK_MS,
      );
    } catch (error) {
      this.logger.warn(`cannot renew outbound job locks: ${(error as Error).message}`);
    }
  }
}
