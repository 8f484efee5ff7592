export { ActivityFanoutQueue } from './activity-fanout.queue';
export {
  type ActivityFanoutJob,
  type ActivityJson,
  type JobPayloads,
  QueueName,
  toActivityJson,
} from './queue-catalogue';
export { DEFAULT_JOB_OPTIONS, QueuesModule } from './queues.module';
