import { InjectQueue } from '@nestjs/bullmq';
import { Injectable, Logger, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import { type Job, Worker } from 'bullmq';
import type { GatewayEnv } from '@chat/config';
import { OUTBOUND_KINDS, outboundActivityId } from '@chat/domain';
import { QueueConsumer, QueueName, type QueueOf, type XmppOutboundJob } from '@chat/queues';
import { ServerEvent, SocketEmitter } from '@chat/realtime';
import type { WebSendFailed } from '@chat/web-protocol';
import { reconnectDelay } from '@chat/xmpp';
import { ActiveGatewayLease } from '../pairing/active-gateway-lease';
import { ConversationLanes } from './conversation-lanes';
import { StoppedWaiting } from './outbound-delivery';

/**
 * How long a fetched job is ours without renewal; renewed at half of it for as long as its send takes. Short, because
 * a gateway taking over waits for its dead twin's jobs to come back (lock expired, then BullMQ's stalled check).
 */
const LOCK_MS = 10_000;
const STALLED_CHECK_MS = 5_000;
/** A job taken back from a dead gateway this many times is still sent (the sent marks keep it from doubling). */
const MAX_STALLED = 20;
/** At shutdown, how long sends in progress may take to finish before the rest goes back to the queue. */
const SHUTDOWN_GRACE_MS = 5000;
/** Fetches issued at once while the queue has jobs waiting. */
const PREFETCH = 16;

interface Taken {
  job: Job<XmppOutboundJob>;
  token: string;
  /** Fetch order: at shutdown, unsent jobs go back to the queue in this order. */
  fetched: number;
}

/** The sends this gateway has taken from the queue and not yet settled, for readiness: a stuck one shows by its age. */
export interface OutboundSnapshot {
  inProgress: number;
  oldest?: { jobId: string; kind: string; ageMs: number };
}

/**
 * Drains the outbound queue: OUTBOUND_CONCURRENCY sends in progress, each conversation strictly in queue order, so a
 * slow or failing send holds up its own conversation only.
 *
 * Jobs are fetched by hand (BullMQ's "manually processing jobs"), because BullMQ's own loop hands a concurrent
 * processor its jobs in the order their fetches happen to settle, not in queue order; here each job takes its place
 * in its conversation's lane in the order it was fetched. Locks are renewed here, stalled jobs (a crashed gateway's)
 * go back to the queue through BullMQ's stalled check, and at shutdown the jobs not yet sent go back in their order.
 */
@Injectable()
@QueueConsumer(QueueName.XmppOutbound)
export class OutboundConsumer implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger(OutboundConsumer.name);
  private readonly stopping = new AbortController();
  /** Jobs taken and not yet settled, in the order taken, with when. */
  private readonly taken = new Map<string, Taken & { since: number }>();
  private readonly concurrency: number;
  private worker?: Worker<XmppOutboundJob>;
  private loop?: Promise<void>;
  private lockTimer?: NodeJS.Timeout;
  private freeSlot?: () => void;
  private fetched = 0;
  private readonly unsent: Taken[] = [];

  constructor(
    @InjectQueue(QueueName.XmppOutbound) private readonly queue: QueueOf<typeof QueueName.XmppOutbound>,
    private readonly lanes: ConversationLanes,
    private readonly sockets: SocketEmitter,
    private readonly lease: ActiveGatewayLease,
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
      stalledInterval: STALLED_CHECK_MS,
      maxStalledCount: MAX_STALLED,
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

  /**
   * One blocking fetch while the queue is empty; while it has jobs, several fetches at once. Those are moveToActive
   * scripts on one Redis connection, run in the order issued, so the i-th fetch gets the i-th oldest job, and jobs
   * are started in that order.
   */
  private async fetchLoop(worker: Worker<XmppOutboundJob>): Promise<void> {
    let failures = 0;
    while (!this.stopping.signal.aborted) {
      if (!this.lease.active) {
        await this.standBy();
        continue;
      }
      const room = this.concurrency - this.taken.size;
      if (room <= 0) {
        await new Promise<void>((resolve) => (this.freeSlot = resolve));
        continue;
      }
      try {
        const first = this.nextToken();
        const job = await worker.getNextJob(first.token, { block: true });
        failures = 0;
        if (!job) continue;
        this.take({ job, ...first });
        for (let more = true; more && !this.stopping.signal.aborted;) {
          const tokens = Array.from({ length: Math.min(PREFETCH, this.concurrency - this.taken.size) }, () => this.nextToken());
          if (tokens.length === 0) break;
          const jobs = await Promise.all(tokens.map((t) => worker.getNextJob(t.token, { block: false })));
          jobs.forEach((next, i) => next && this.take({ job: next, ...tokens[i] }));
          more = jobs.every(Boolean);
        }
      } catch (error) {
        if (this.stopping.signal.aborted) break;
        const delay = reconnectDelay(failures++, 200, 10_000);
        this.logger.warn(`cannot fetch outbound jobs (${(error as Error).message}); again in ${delay} ms`);
        await new Promise((r) => setTimeout(r, delay));
      }
    }
  }

  /**
   * Only the active gateway sends, so each conversation's sends stay in order across gateways. On becoming active it
   * first waits for the jobs a dead predecessor held to come back to the queue (their locks expire, the stalled check
   * requeues them at the head): starting on later jobs of the same conversations first would reorder them.
   */
  private async standBy(): Promise<void> {
    try {
      await this.lease.whenActive(this.stopping.signal);
    } catch {
      return; // stopping
    }
    const deadline = Date.now() + LOCK_MS + 3 * STALLED_CHECK_MS;
    let held = await this.queue.getActiveCount().catch(() => 0);
    if (held > 0 && this.taken.size === 0) {
      this.logger.warn(`${held} web send(s) taken by a gateway that is gone: waiting for them to come back before sending`);
      while (held > 0 && Date.now() < deadline && !this.stopping.signal.aborted) {
        await new Promise((r) => setTimeout(r, 250));
        held = await this.queue.getActiveCount().catch(() => 0);
      }
      if (held > 0) this.logger.warn(`${held} web send(s) still held elsewhere; sending the rest`);
    }
  }

  private nextToken(): { token: string; fetched: number } {
    const fetched = this.fetched++;
    return { token: `${this.worker!.id}:${fetched}`, fetched };
  }

  private take(taken: Taken): void {
    if (this.stopping.signal.aborted) this.unsent.push(taken);
    else this.start(taken);
  }

  /** Takes the job's place in its conversation's lane now, synchronously, so lanes follow the order of fetching. */
  private start(taken: Taken): void {
    const { job, token } = taken;
    const id = job.id ?? '';
    const ranBefore = job.attemptsMade > 0 || job.stalledCounter > 0;
    this.taken.set(id, { ...taken, since: Date.now() });
    this.lanes
      .submit({ id, stanza: job.data, ranBefore, queuedAt: job.timestamp }, this.stopping.signal)
      .then(
        (outcome) => job.moveToCompleted(outcome, token, false),
        (error: Error) => (error instanceof StoppedWaiting ? void this.unsent.push(taken) : this.settleFailure(job, token, error)),
      )
      .catch((error: Error) => this.logger.error(`outbound job ${id} not settled: ${error.message}`))
      .finally(() => {
        this.taken.delete(id);
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
    if (!final || !OUTBOUND_KINDS[job.data.kind].reported) return;
    const failed: WebSendFailed = { id: outboundActivityId(job.data) ?? job.id ?? '', kind: job.data.kind, to: job.data.to, reason: error.message };
    this.sockets.toUsers([job.data.from], ServerEvent.SendFailed, failed);
  }

  snapshot(now = Date.now()): OutboundSnapshot {
    // Map order is insertion order: the first is the oldest.
    const first = this.taken.values().next();
    if (first.done) return { inProgress: 0 };
    const { job, since } = first.value;
    return { inProgress: this.taken.size, oldest: { jobId: job.id ?? '', kind: job.data.kind, ageMs: now - since } };
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
