import { InjectQueue } from '@nestjs/bullmq';
import { Injectable } from '@nestjs/common';
import type { JobsOptions } from 'bullmq';
import { OUTBOUND_KINDS } from '@chat/domain';
import { QueueName, type QueueOf, type XmppOutboundJob } from './queue-catalogue';
import { LIVE_ONLY } from './job-options';

/**
 * Kept for a day: a client that sends again with the same key in that time (a retry after a lost acknowledgement)
 * lands on the same job instead of sending twice.
 */
const DURABLE: JobsOptions = { removeOnComplete: { age: 86_400 } };

/** Producer side of the queue the gateway drains into XMPP. */
@Injectable()
export class XmppOutboundQueue {
  constructor(@InjectQueue(QueueName.XmppOutbound) private readonly queue: QueueOf<typeof QueueName.XmppOutbound>) {}

  /**
   * Idempotent: a second enqueue with the same id while the first job is kept changes nothing, so a client that
   * retries gets the same outcome and the stanza goes out once.
   * @param jobId the activity id of what is sent
   */
  async enqueue(job: XmppOutboundJob, jobId?: string): Promise<void> {
    await this.queue.add(job.kind, job, OUTBOUND_KINDS[job.kind].live ? LIVE_ONLY : { ...DURABLE, ...(jobId ? { jobId } : {}) });
  }
}
