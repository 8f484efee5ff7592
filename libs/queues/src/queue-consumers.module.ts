import { BullRegistrar, WorkerHost } from '@nestjs/bullmq';
import { type DynamicModule, Inject, Injectable, Module, type OnModuleInit } from '@nestjs/common';
import { DiscoveryModule, DiscoveryService } from '@nestjs/core';
import type { QueueName } from './queue-catalogue';
import { consumedQueue, consumerProblems } from './queue-consumers';

const CONSUMED_QUEUES = Symbol('CONSUMED_QUEUES');

/**
 * The boot check of an app's consumers: each queue the app consumes has exactly one consumer, and nothing else
 * consumes. BullMQ's processors are registered (their workers started) only once it passed: QueuesModule leaves
 * their registration to this check, so a wrong app stops at start, before taking any job.
 */
@Injectable()
export class QueueConsumersCheck implements OnModuleInit {
  constructor(
    @Inject(CONSUMED_QUEUES) private readonly expected: readonly QueueName[],
    private readonly discovery: DiscoveryService,
    private readonly registrar: BullRegistrar,
  ) {}

  onModuleInit(): void {
    const consumers = this.discovery.getProviders().flatMap((wrapper) => {
      const type = wrapper.metatype && !wrapper.inject ? wrapper.metatype : wrapper.instance?.constructor;
      const queue = consumedQueue(type);
      const isProcessor = wrapper.instance instanceof WorkerHost;
      return queue || isProcessor ? [{ name: String(wrapper.name), queue }] : [];
    });
    const problems = consumerProblems(this.expected, consumers);
    if (problems.length > 0) throw new Error(`queue consumers: ${problems.join('; ')}`);
    this.registrar.register();
  }
}

/** Imported once by each app that consumes queues, naming them: see QueueConsumersCheck. */
@Module({})
export class QueueConsumersModule {
  static forQueues(queues: readonly QueueName[]): DynamicModule {
    return {
      module: QueueConsumersModule,
      imports: [DiscoveryModule],
      providers: [{ provide: CONSUMED_QUEUES, useValue: queues }, QueueConsumersCheck],
    };
  }
}
