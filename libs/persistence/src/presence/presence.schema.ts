import { Prop, Schema, SchemaFactory } from '@nestjs/mongoose';
import type { ResourcePresence } from '@chat/domain';

/** A user's connected resources and the badge they add up to. */
@Schema({ collection: 'presences', versionKey: false, _id: false })
export class PresenceDocument {
  /** The user's bare JID. */
  @Prop({ type: String, required: true })
  _id: string;

  @Prop({ type: String, required: true, enum: ['available', 'away', 'dnd', 'xa', 'offline'] })
  state: string;

  @Prop({ type: String })
  status?: string;

  @Prop({ type: Date })
  lastSeen?: Date;

  @Prop({ type: [Object], default: [] })
  resources: ResourcePresence[];

  @Prop({ type: Date, required: true })
  updatedAt: Date;
}

export const PresenceSchema = SchemaFactory.createForClass(PresenceDocument);
