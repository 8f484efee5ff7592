export { FanoutQueues, PRESENCE_COALESCE_MS } from './fanout.queues';
export { type ChatFanoutJob, type JobOf, type JobPayloads, type PresenceFanoutJob, type QueueOf, type XmppOutboundJob, QueueName } from './queue-catalogue';
export { QueueConsumer, QueueProcessor } from './queue-consumers';
export { QueueConsumersModule } from './queue-consumers.module';
export { DEFAULT_JOB_OPTIONS } from './job-options';
export { QueuesModule } from './queues.module';
export { XmppOutboundQueue } from './xmpp-outbound.queue';
export { WebSessionRegistry } from './web-session.registry';
