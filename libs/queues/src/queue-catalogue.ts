import type { Activity } from '@chat/domain';

/** Every BullMQ queue of the system and the payload of its jobs: producers and consumers share these types. */
export const QueueName = {
  /** gateway → worker: an archived activity to deliver to the web users in its audience. */
  ActivityFanout: 'activity-fanout',
} as const;

export type QueueName = (typeof QueueName)[keyof typeof QueueName];

/** Activities travel as JSON: dates become ISO strings. */
export type ActivityJson = Omit<Activity, 'published'> & { published: string };

export interface ActivityFanoutJob {
  activity: ActivityJson;
}

export interface JobPayloads {
  [QueueName.ActivityFanout]: ActivityFanoutJob;
}

export function toActivityJson(activity: Activity): ActivityJson {
  return { ...activity, published: activity.published.toISOString() };
}
