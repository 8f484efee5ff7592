import { Injectable } from '@nestjs/common';
import type { OutboundStanza } from '@chat/domain';

export interface OutboundSnapshot {
  inProgress: number;
  oldest?: { jobId: string; kind: string; ageMs: number };
}

/** The web sends this gateway has taken from the queue and not yet settled, for readiness: a stuck one shows by its age. */
@Injectable()
export class OutboundProgress {
  private readonly jobs = new Map<string, { kind: OutboundStanza['kind']; since: number }>();

  queued(jobId: string, kind: OutboundStanza['kind'], now = Date.now()): void {
    this.jobs.set(jobId, { kind, since: now });
  }

  settled(jobId: string): void {
    this.jobs.delete(jobId);
  }

  snapshot(now = Date.now()): OutboundSnapshot {
    // Map order is insertion order: the first is the oldest.
    const first = this.jobs.entries().next();
    if (first.done) return { inProgress: 0 };
    const [jobId, job] = first.value;
    return { inProgress: this.jobs.size, oldest: { jobId, kind: job.kind, ageMs: now - job.since } };
  }
}
