import { Injectable } from '@nestjs/common';
import { InjectModel } from '@nestjs/mongoose';
import type { Model } from 'mongoose';
import type { Activity, BareJid } from '@chat/domain';
import { ActivityDocument } from './activity.schema';

const DUPLICATE_KEY = 11000;

/** The append-only activity stream. */
@Injectable()
export class ActivityRepository {
  constructor(@InjectModel(ActivityDocument.name) private readonly activities: Model<ActivityDocument>) {}

  /** Appends the activity; returns false when an activity with the same id is already stored. */
  async append(activity: Activity): Promise<boolean> {
    try {
      await this.activities.create({ ...activity, _id: activity.id });
      return true;
    } catch (error) {
      if ((error as { code?: number }).code === DUPLICATE_KEY) return false;
      throw error;
    }
  }

  async findById(id: string): Promise<Activity | null> {
    const doc = await this.activities.findById(id).lean().exec();
    if (!doc) return null;
    const { _id, ...rest } = doc;
    return { ...rest, id: _id, actor: rest.actor as BareJid, to: rest.to as BareJid[] } as Activity;
  }
}
