import { Injectable } from '@nestjs/common';
import { InjectModel } from '@nestjs/mongoose';
import type { Model } from 'mongoose';
import type { Activity } from '@chat/domain';
import { insertNew } from '../shared/insert-new';
import { ActivityDocument } from './activity.schema';

/** The append-only activity stream. */
@Injectable()
export class ActivityRepository {
  constructor(@InjectModel(ActivityDocument.name) private readonly activities: Model<ActivityDocument>) {}

  /** Appends the activities; returns the ids that were not stored yet (the others are refused as duplicates). */
  async appendMany(activities: Activity[]): Promise<Set<string>> {
    const docs = activities.map(({ id, ...rest }) => ({ _id: id, ...rest }));
    return insertNew(this.activities.collection as never, docs);
  }

  async append(activity: Activity): Promise<boolean> {
    return (await this.appendMany([activity])).has(activity.id);
  }

  /**
   * Activities of these conversations, oldest first: those after `after` (catch-up, next pages), or the newest
   * `limit` before `before`, or the newest of all.
   */
  async page(conversationIds: string[], cursor: { before?: string; after?: string }, limit: number): Promise<Activity[]> {
    if (conversationIds.length === 0) return [];
    const position = cursor.after ? { $gt: cursor.after } : cursor.before ? { $lt: cursor.before } : undefined;
    const docs = await this.activities
      .find({ 'target.id': { $in: conversationIds }, ...(position ? { position } : {}) })
      .sort({ position: cursor.after ? 1 : -1 })
      .limit(limit)
      .lean()
      .exec();
    const activities = docs.map(({ _id, ...rest }) => ({ ...rest, id: _id }) as unknown as Activity);
    return cursor.after ? activities : activities.reverse();
  }

  async findById(id: string): Promise<Activity | null> {
    const doc = await this.activities.findById(id).lean().exec();
    if (!doc) return null;
    const { _id, ...rest } = doc;
    return { ...rest, id: _id } as unknown as Activity;
  }
}
