import { BullModule } from '@nestjs/bullmq';
import { Module } from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import type { BaseEnv } from '@chat/config';
import { RedisModule } from '@chat/redis';
import { FanoutQueues } from './fanout.queues';
import { DEFAULT_JOB_OPTIONS } from './job-options';
import { QueueName } from './queue-catalogue';
import { WebSessionRegistry } from './web-session.registry';
import { XmppOutboundQueue } from './xmpp-outbound.queue';

const connection = BullModule.forRootAsync({
  inject: [ConfigService],
  useFactory: (config: ConfigService<BaseEnv, true>) => ({
    // BullMQ blocks on Redis commands; it needs unlimited retries per request.
    connection: { url: config.get('REDIS_URL', { infer: true }), maxRetriesPerRequest: null },
    prefix: config.get('QUEUE_PREFIX', { infer: true }),
    defaultJobOptions: DEFAULT_JOB_OPTIONS,
  }),
  // Processors start only once the app's consumers passed their boot check: an app with consumers imports
  // QueueConsumersModule, which registers them (BullMQ's registrar) after checking them.
  extraOptions: { manualRegistration: true },
});

const queues = BullModule.registerQueue(...Object.values(QueueName).map((name) => ({ name })));

/** The Redis connection for BullMQ, every queue of the catalogue, the typed producers and the web session registry. */
@Module({
  imports: [RedisModule, connection, queues],
  providers: [FanoutQueues, XmppOutboundQueue, WebSessionRegistry],
  exports: [queues, FanoutQueues, XmppOutboundQueue, WebSessionRegistry],
})
export class QueuesModule {}
