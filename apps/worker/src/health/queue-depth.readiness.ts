import { InjectQueue } from '@nestjs/bullmq';
import { Injectable } from '@nestjs/common';
import { HealthIndicatorService } from '@nestjs/terminus';
import type { Queue } from 'bullmq';
import type { ReadinessCheck } from '@chat/health';
import { QueueName } from '@chat/queues';

/**
 * What waits and what failed in each queue, for operators: failed jobs stay in BullMQ's failed set (nothing is
 * dropped silently) and show here. Informational: a failed job does not make the worker unready.
 */
@Injectable()
export class QueueDepthReadiness implements ReadinessCheck {
  constructor(
    private readonly indicators: HealthIndicatorService,
    @InjectQueue(QueueName.ChatFanout) private readonly chat: Queue,
    @InjectQueue(QueueName.PresenceFanout) private readonly presence: Queue,
  ) {}

  check() {
    return this.indicators
      .check('queues')
      .attempt(async () => {
        const counts = async (q: Queue) => q.getJobCounts('waiting', 'active', 'delayed', 'failed');
        return { [QueueName.ChatFanout]: await counts(this.chat), [QueueName.PresenceFanout]: await counts(this.presence) };
      })
      .withTimeout(2000);
  }
}
