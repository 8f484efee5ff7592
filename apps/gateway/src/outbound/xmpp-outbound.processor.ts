import { OnWorkerEvent, Processor, WorkerHost } from '@nestjs/bullmq';
import { Logger, type OnModuleDestroy } from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import type { Job } from 'bullmq';
import type { GatewayEnv } from '@chat/config';
import { outboundActivityId, type OutboundStanza } from '@chat/domain';
import { ActivityRepository, MessageArchive } from '@chat/persistence';
import { InboundJournal, QueueName, type XmppOutboundJob } from '@chat/queues';
import { ServerEvent, SocketEmitter, type WebSendFailed } from '@chat/realtime';
import { privilegedEnvelope, serviceLogCopy, userMessage, XmppComponentConnection } from '@chat/xmpp';
import { RoomSubscriptions } from './room-subscriptions';

/**
 * Sends what web users say into XMPP on their behalf (XEP-0356), strictly one after another so a conversation
 * keeps its order. While ejabberd is unreachable the job waits for the link instead of failing, so later jobs
 * cannot overtake it; a send counts only once the server has confirmed reading it. What was sent is then journaled
 * like a server copy, so the mirror archives it whether or not the server ever copies it back.
 */
@Processor(QueueName.XmppOutbound, { concurrency: 1 })
export class XmppOutboundProcessor extends WorkerHost implements OnModuleDestroy {
  private readonly logger = new Logger(XmppOutboundProcessor.name);
  private readonly stopping = new AbortController();
  private readonly componentDomain: string;
  private readonly serverDomain: string;

  constructor(
    private readonly connection: XmppComponentConnection,
    private readonly journal: InboundJournal,
    private readonly rooms: RoomSubscriptions,
    private readonly archive: MessageArchive,
    private readonly activities: ActivityRepository,
    private readonly sockets: SocketEmitter,
    config: ConfigService<GatewayEnv, true>,
  ) {
    super();
    this.componentDomain = config.get('XMPP_COMPONENT_DOMAIN', { infer: true });
    this.serverDomain = config.get('XMPP_DOMAIN', { infer: true });
  }

  onModuleDestroy(): void {
    this.stopping.abort();
  }

  async process(job: Job<XmppOutboundJob>): Promise<string> {
    const stanza = job.data;
    for (let attempt = 1; ; attempt += 1) {
      await this.connection.whenSendingAllowed(this.stopping.signal);
      if ((job.attemptsMade > 0 || attempt > 1) && (await this.alreadyMirrored(stanza))) return 'sent before';
      if (stanza.conversationKind === 'room' && stanza.kind !== 'chat-state') await this.rooms.ensure(stanza.from, stanza.to);
      try {
        await this.connection.sendConfirmed(privilegedEnvelope(userMessage(stanza), this.componentDomain, this.serverDomain));
        break;
      } catch (error) {
        // The link failed under the send; whether the server read it is unknown, so look again once it is back.
        this.logger.warn(`${stanza.kind} from ${stanza.from} to ${stanza.to} not confirmed (${(error as Error).message}); waiting for the link`);
      }
    }
    await this.journal.append({ kind: 'stanza', xml: serviceLogCopy(userMessage(stanza), this.componentDomain, this.serverDomain).toString() });
    return 'sent';
  }

  /**
   * Retries are BullMQ's (a room subscription ejabberd refused, say); when a send gives up, the sender's sockets
   * are told, with the id their acknowledgement carried, and the job stays in the failed set for an operator.
   */
  @OnWorkerEvent('failed')
  onFailed(job: Job<XmppOutboundJob> | undefined, error: Error): void {
    if (!job) return;
    const final = job.attemptsMade >= (job.opts.attempts ?? 1);
    this.logger.error(`${job.data.kind} from ${job.data.from} failed (attempt ${job.attemptsMade}${final ? ', given up' : ', will retry'}): ${error.message}`);
    if (final && job.data.kind !== 'chat-state') {
      const failed: WebSendFailed = { id: outboundActivityId(job.data) ?? job.id ?? '', kind: job.data.kind, to: job.data.to, reason: error.message };
      this.sockets.toUsers([job.data.from], ServerEvent.SendFailed, failed);
    }
  }

  /** A stanza whose copy the mirror already holds went out before. */
  private async alreadyMirrored(stanza: OutboundStanza): Promise<boolean> {
    const id = outboundActivityId(stanza);
    if (!id) return false;
    return stanza.kind === 'message' ? !!(await this.archive.findById(id)) : !!(await this.activities.findById(id));
  }
}
