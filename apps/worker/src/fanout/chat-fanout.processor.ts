import { OnWorkerEvent, WorkerHost } from '@nestjs/bullmq';
import { Logger, type OnApplicationBootstrap } from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import type { WorkerEnv } from '@chat/config';
import { assertNever, type BareJid, directParticipants } from '@chat/domain';
import { ConversationRepository } from '@chat/persistence';
import { type JobOf, QueueName, QueueProcessor } from '@chat/queues';
import { ServerEvent, SocketEmitter } from '@chat/realtime';

/**
 * Delivers a message event, a typing notice or a read marker to the sockets of everyone in the conversation, on every api
 * instance: both people of a 1:1 conversation, every member of a room.
 */
@QueueProcessor(QueueName.ChatFanout)
export class ChatFanoutProcessor extends WorkerHost implements OnApplicationBootstrap {
  private readonly logger = new Logger(ChatFanoutProcessor.name);

  constructor(
    private readonly conversations: ConversationRepository,
    private readonly sockets: SocketEmitter,
    private readonly config: ConfigService<WorkerEnv, true>,
  ) {
    super();
  }

  onApplicationBootstrap(): void {
    this.worker.concurrency = this.config.get('WORKER_CONCURRENCY', { infer: true });
  }

  async process(job: JobOf<typeof QueueName.ChatFanout>): Promise<void> {
    const { data } = job;
    const audience: BareJid[] =
      data.conversationKind === 'direct' ? directParticipants(data.conversationId) : (await this.conversations.membersOf(data.conversationId)).map((m) => m.jid);
    switch (data.kind) {
      case 'chat-state':
        return this.sockets.toUsers(audience, ServerEvent.ChatState, data.event);
      case 'read':
        return this.sockets.toUsers(audience, ServerEvent.Read, data.event);
      case 'messages':
        for (const event of data.events) this.sockets.toUsers(audience, ServerEvent.Message, event);
        return;
      default:
        return assertNever(data, 'chat fan-out job');
    }
  }

  /** Retries are BullMQ's; this says when one failed, and when a job gave up and stays in the failed set. */
  @OnWorkerEvent('failed')
  onFailed(job: JobOf<typeof QueueName.ChatFanout> | undefined, error: Error): void {
    if (!job) return;
    const final = job.attemptsMade >= (job.opts.attempts ?? 1);
    this.logger.error(`delivery job ${job.id} failed (attempt ${job.attemptsMade}${final ? ', kept in the failed set' : ', will retry'}): ${error.message}`);
  }
}
