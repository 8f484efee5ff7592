import { Processor, WorkerHost } from '@nestjs/bullmq';
import { type OnApplicationBootstrap } from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import type { Job } from 'bullmq';
import type { WorkerEnv } from '@chat/config';
import { type ActivityFanoutJob, QueueName } from '@chat/queues';
import { ServerEvent, SocketEmitter } from '@chat/realtime';

/** Delivers an archived activity to the sockets of everyone in its audience, on every api instance. */
@Processor(QueueName.ActivityFanout)
export class ActivityFanoutProcessor extends WorkerHost implements OnApplicationBootstrap {
  constructor(
    private readonly sockets: SocketEmitter,
    private readonly config: ConfigService<WorkerEnv, true>,
  ) {
    super();
  }

  onApplicationBootstrap(): void {
    this.worker.concurrency = this.config.get('WORKER_CONCURRENCY', { infer: true });
  }

  async process(job: Job<ActivityFanoutJob>): Promise<void> {
    const { activity } = job.data;
    this.sockets.toUsers(activity.to, ServerEvent.Activity, activity);
  }
}
