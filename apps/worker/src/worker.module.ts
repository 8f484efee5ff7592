import { Module } from '@nestjs/common';
import { loggingModule } from '@chat/app-runtime';
import { appConfigModule, workerEnvSchema } from '@chat/config';
import { HealthModule, MongoReadiness, RedisReadiness } from '@chat/health';
import { PersistenceModule } from '@chat/persistence';
import { QueueConsumersModule, QueueName, QueuesModule } from '@chat/queues';
import { RealtimeModule } from '@chat/realtime';
import { RedisModule } from '@chat/redis';
import { ChatFanoutProcessor } from './fanout/chat-fanout.processor';
import { PresenceFanoutProcessor } from './fanout/presence-fanout.processor';
import { QueueDepthReadiness } from './health/queue-depth.readiness';

/** BullMQ consumers: fan-out to web users and other background work. */
@Module({
  imports: [
    appConfigModule(workerEnvSchema),
    loggingModule('worker'),
    RedisModule,
    PersistenceModule,
    QueuesModule,
    QueueConsumersModule.forQueues([QueueName.ChatFanout, QueueName.PresenceFanout]),
    RealtimeModule,
    HealthModule.register([MongoReadiness, RedisReadiness, QueueDepthReadiness], [QueuesModule]),
  ],
  providers: [ChatFanoutProcessor, PresenceFanoutProcessor],
})
export class WorkerModule {}
