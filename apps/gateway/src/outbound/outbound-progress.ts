import { Injectable } from '@nestjs/common';
import type { OutboundStanza } from '@chat/domain';

interface InFlight {
  kind: OutboundStanza['kind'];
  since: number;
  /** Waiting for earlier sends of its conversation, or being sent (which includes waiting for the link). */
  stage: 'waiting its turn' | 'sending';
}

export interface OutboundSnapshot {
  inProgress: number;
  sending: number;
  oldest?: { jobId: string; kind: string; stage: InFlight['stage']; ageMs: number };
}

/** The web sends this gateway has in progress, for readiness: a stuck send shows by its age. */
@Injectable()
export class OutboundProgress {
  private readonly jobs = new Map<string, InFlight>();

  queued(jobId: string, kind: OutboundStanza['kind'], now = Date.now()): void {
    this.jobs.set(jobId, { kind, since: now, stage: 'waiting its turn' });
  }

  started(jobId: string): void {
    const job = this.jobs.get(jobId);
    if (job) job.stage = 'sending';
  }

  settled(jobId: string): void {
    this.jobs.delete(jobId);
  }

  snapshot(now = Date.now()): OutboundSnapshot {
    let oldest: OutboundSnapshot['oldest'];
    let sending = 0;
    for (const [jobId, job] of this.jobs) {
      if (job.stage === 'sending') sending += 1;
      // Map order is insertion order: the first is the oldest.
      oldest ??= { jobId, kind: job.kind, stage: job.stage, ageMs: now - job.since };
    }
    return { inProgress: this.jobs.size, sending, ...(oldest ? { oldest } : {}) };
  }
}
