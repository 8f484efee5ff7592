import { Processor, type WorkerHost } from '@nestjs/bullmq';
import type { JobOf, QueueName } from './queue-catalogue';

const CONSUMED_QUEUE = 'chat:consumed-queue';

/**
 * A job held by a worker that was killed comes back only once its lock has expired and BullMQ's stalled check has
 * seen it twice: with BullMQ's defaults (30 s each) web users waited 56 s for messages after a worker was killed
 * (bin/bench chaos). Fan-out jobs are short; a job run twice is harmless (every event carries its id).
 */
const WORKER_OPTIONS = { lockDuration: 10_000, stalledInterval: 5_000, maxStalledCount: 5 };

/** A class whose `process` takes the jobs of queue Q (what `@Processor` of BullMQ calls). */
type ProcessorOf<Q extends QueueName> = abstract new (...args: never[]) => WorkerHost & { process(job: JobOf<Q>, token?: string): Promise<unknown> };

/**
 * BullMQ's `@Processor` for a queue of the catalogue: the class must process that queue's payload (another queue's
 * does not compile), and the boot check (QueueConsumersModule) counts it as the queue's consumer.
 */
export function QueueProcessor<Q extends QueueName>(queue: Q) {
  return <C extends ProcessorOf<Q>>(target: C): void => {
    Processor(queue, WORKER_OPTIONS)(target);
    Reflect.defineMetadata(CONSUMED_QUEUE, queue, target);
  };
}

/** Marks a class that drains a catalogue queue by hand (its own BullMQ Worker), for the boot check to count it. */
export function QueueConsumer(queue: QueueName): ClassDecorator {
  return (target) => Reflect.defineMetadata(CONSUMED_QUEUE, queue, target);
}

/** The queue a class consumes, when it is marked as a consumer. */
export function consumedQueue(type: unknown): QueueName | undefined {
  return typeof type === 'function' ? (Reflect.getMetadata(CONSUMED_QUEUE, type) as QueueName | undefined) : undefined;
}

/**
 * What an app's boot check finds wrong: a queue it consumes with no consumer or with more than one (two would
 * share its jobs; a per-conversation order, say, would no longer hold), a consumer of a queue the app does not say
 * it consumes, and a BullMQ processor not declared through `QueueProcessor`.
 */
export function consumerProblems(expected: readonly QueueName[], consumers: ReadonlyArray<{ name: string; queue: QueueName | undefined }>): string[] {
  const problems: string[] = [];
  const byQueue = new Map<QueueName, string[]>(expected.map((queue) => [queue, []]));
  for (const { name, queue } of consumers) {
    if (!queue) {
      problems.push(`${name} is a BullMQ processor not declared with QueueProcessor(queue)`);
      continue;
    }
    const found = byQueue.get(queue);
    if (found) found.push(name);
    else problems.push(`${name} consumes ${queue}, which this app does not consume`);
  }
  for (const [queue, names] of byQueue) {
    if (names.length === 0) problems.push(`no consumer of ${queue}`);
    if (names.length > 1) problems.push(`${queue} has ${names.length} consumers (${names.join(', ')}); it must have exactly one`);
  }
  return problems;
}
