import type { DefaultJobOptions, JobsOptions } from 'bullmq';

/**
 * Retried with backoff; completed jobs are trimmed, failed ones kept so an operator can see and replay a
 * poisoned job instead of it vanishing.
 */
export const DEFAULT_JOB_OPTIONS: DefaultJobOptions = {
  attempts: 8,
  backoff: { type: 'exponential', delay: 500 },
  removeOnComplete: { age: 3600, count: 10_000 },
  removeOnFail: false,
};

/** Typing notices are worth nothing late: one try, not kept. */
export const LIVE_ONLY: JobsOptions = { attempts: 1, removeOnComplete: true, removeOnFail: { age: 600 } };
