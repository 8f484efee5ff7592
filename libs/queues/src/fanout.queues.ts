import { createHash } from 'node:crypto';
import { InjectQueue } from '@nestjs/bullmq';
import { Injectable } from '@nestjs/common';
import type { JobsOptions } from 'bullmq';
import { assertNever, type BareJid } from '@chat/domain';
import { type ChatFanoutJob, QueueName, type QueueOf } from './queue-catalogue';
import { LIVE_ONLY } from './job-options';

/** How long presence changes of one user are gathered into one delivery. */
export const PRESENCE_COALESCE_MS = 150;

/** Producer side of the fan-out queues. */
@Injectable()
export class FanoutQueues {
  constructor(
    @InjectQueue(QueueName.ChatFanout) private readonly chat: QueueOf<typeof QueueName.ChatFanout>,
    @InjectQueue(QueueName.PresenceFanout) private readonly presence: QueueOf<typeof QueueName.PresenceFanout>,
  ) {}

  async enqueueChat(jobs: ChatFanoutJob[]): Promise<void> {
    if (jobs.length === 0) return;
    await this.chat.addBulk(
      jobs.map((data) => ({
        name: data.kind,
        data,
        opts: chatJobOptions(data),
      })),
    );
  }

  /**
   * One delivery per user per window: while a delivery for this user is waiting, further changes join it, and the
   * worker reads the latest state when it runs, so a badge gets the last state, not a backlog.
   */
  async enqueuePresence(jids: BareJid[]): Promise<void> {
    if (jids.length === 0) return;
    await this.presence.addBulk(
      [...new Set(jids)].map((jid) => ({
        name: 'presence',
        data: { jid },
        opts: { delay: PRESENCE_COALESCE_MS, deduplication: { id: `presence:${jid}`, ttl: PRESENCE_COALESCE_MS } },
      })),
    );
  }
}

/** Typing notices are live only; the others are named after their events: replaying the same batch while the first job is kept is a no-op. */
function chatJobOptions(job: ChatFanoutJob): JobsOptions {
  switch (job.kind) {
    case 'chat-state':
      return LIVE_ONLY;
    case 'read':
      return { jobId: job.event.id };
    case 'messages':
      return { jobId: batchId(job.events.map((e) => e.id)) };
    default:
      return assertNever(job, 'chat fan-out job');
  }
}

function batchId(eventIds: string[]): string {
  return `messages_${createHash('sha256').update(eventIds.join('\u0000')).digest('base64url').slice(0, 22)}`;
}
