export { FanoutQueues, PRESENCE_COALESCE_MS } from './fanout.queues';
export {
  type ChatFanoutJob,
  type JobPayloads,
  type PresenceFanoutJob,
  type XmppOutboundJob,
  QueueName,
} from './queue-catalogue';
export { DEFAULT_JOB_OPTIONS } from './job-options';
export { QueuesModule } from './queues.module';
export { XmppOutboundQueue } from './xmpp-outbound.queue';
export { WebSessionRegistry } from './web-session.registry';
