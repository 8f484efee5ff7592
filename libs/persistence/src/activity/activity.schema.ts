import { Prop, Schema, SchemaFactory } from '@nestjs/mongoose';
import { Schema as MongooseSchema } from 'mongoose';

/** The append-only activity stream; `_id` is the activity's stable id. */
@Schema({ collection: 'activities', versionKey: false, _id: false })
export class ActivityDocument {
  @Prop({ type: String, required: true })
  _id: string;

  @Prop({ type: String, required: true })
  type: string;

  @Prop({ type: String, required: true })
  actor: string;

  @Prop({ type: MongooseSchema.Types.Mixed, required: true })
  object: Record<string, unknown>;

  @Prop({ type: MongooseSchema.Types.Mixed })
  target?: { type: 'Conversation'; id: string; kind: 'direct' | 'room' };

  @Prop({ type: Date, required: true })
  published: Date;

  @Prop({ type: String, required: true })
  position: string;
}

export const ActivitySchema = SchemaFactory.createForClass(ActivityDocument);
ActivitySchema.index({ 'target.id': 1, position: 1 });
