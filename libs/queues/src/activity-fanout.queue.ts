import { InjectQueue } from '@nestjs/bullmq';
import { Injectable } from '@nestjs/common';
import type { Queue } from 'bullmq';
import type { Activity } from '@chat/domain';
import { type ActivityFanoutJob, QueueName, toActivityJson } from './queue-catalogue';

/** Producer side of the fan-out queue. */
@Injectable()
export class ActivityFanoutQueue {
  constructor(@InjectQueue(QueueName.ActivityFanout) private readonly queue: Queue<ActivityFanoutJob>) {}

  async enqueue(activity: Activity): Promise<void> {
    // The activity id as job id: a second enqueue of the same activity while the first is kept is a no-op.
    await this.queue.add('deliver', { activity: toActivityJson(activity) }, { jobId: activity.id });
  }
}
