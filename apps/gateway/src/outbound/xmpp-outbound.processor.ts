import { OnWorkerEvent, Processor, WorkerHost } from '@nestjs/bullmq';
import { Logger, type OnApplicationBootstrap, type OnModuleDestroy } from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import type { Job } from 'bullmq';
import type { GatewayEnv } from '@chat/config';
import { outboundActivityId, outboundConversation, TurnsByKey } from '@chat/domain';
import { QueueName, type XmppOutboundJob } from '@chat/queues';
import { ServerEvent, SocketEmitter, type WebSendFailed } from '@chat/realtime';
import { type DeliveryOutcome, OutboundDelivery } from './outbound-delivery';
import { OutboundProgress } from './outbound-progress';

/**
 * Drains the outbound queue: many conversations at once (OUTBOUND_CONCURRENCY jobs in progress), each conversation
 * strictly in the order its stanzas were queued, so a slow or failing send holds up its own conversation only.
 * BullMQ hands jobs out in queue order and `process` takes its turn before its first await, so the order of turns
 * is the order of the queue.
 */
@Processor(QueueName.XmppOutbound)
export class XmppOutboundProcessor extends WorkerHost implements OnApplicationBootstrap, OnModuleDestroy {
  private readonly logger = new Logger(XmppOutboundProcessor.name);
  private readonly stopping = new AbortController();
  private readonly turns = new TurnsByKey();
  private readonly concurrency: number;

  constructor(
    private readonly delivery: OutboundDelivery,
    private readonly progress: OutboundProgress,
    private readonly sockets: SocketEmitter,
    config: ConfigService<GatewayEnv, true>,
  ) {
    super();
    this.concurrency = config.get('OUTBOUND_CONCURRENCY', { infer: true });
  }

  onApplicationBootstrap(): void {
    this.worker.concurrency = this.concurrency;
  }

  onModuleDestroy(): void {
    this.stopping.abort();
  }

  process(job: Job<XmppOutboundJob>): Promise<DeliveryOutcome> {
    const id = job.id ?? '';
    const ranBefore = job.attemptsMade > 0 || job.stalledCounter > 0;
    this.progress.queued(id, job.data.kind);
    return this.turns
      .inTurn(outboundConversation(job.data).id, () => {
        this.progress.started(id);
        return this.delivery.deliver({ id, stanza: job.data, ranBefore }, this.stopping.signal);
      })
      .finally(() => this.progress.settled(id));
  }

  /**
   * When a send gives up (at once for what can never go out, after BullMQ's retries otherwise), the sender's
   * sockets are told, with the id their acknowledgement carried, and the job stays in the failed set for an operator.
   */
  @OnWorkerEvent('failed')
  onFailed(job: Job<XmppOutboundJob> | undefined, error: Error): void {
    if (!job) return;
    const final = error.name === 'UnrecoverableError' || job.attemptsMade >= (job.opts.attempts ?? 1);
    // The reason names the problem, never the text (see unsendableReason); bodies stay out of logs.
    this.logger.error(`${job.data.kind} from ${job.data.from} failed (attempt ${job.attemptsMade}${final ? ', given up' : ', will retry'}): ${error.message}`);
    if (final && job.data.kind !== 'chat-state') {
      const failed: WebSendFailed = { id: outboundActivityId(job.data) ?? job.id ?? '', kind: job.data.kind, to: job.data.to, reason: error.message };
      this.sockets.toUsers([job.data.from], ServerEvent.SendFailed, failed);
    }
  }
}
