import { Prop, Schema, SchemaFactory } from '@nestjs/mongoose';
import { Schema as MongooseSchema } from 'mongoose';

/** Stored form of a domain Activity; `_id` is the activity's stable id, so a duplicate insert is refused. */
@Schema({ collection: 'activities', versionKey: false, _id: false })
export class ActivityDocument {
  @Prop({ type: String, required: true })
  _id: string;

  @Prop({ type: String, required: true, enum: ['Create', 'Update', 'Delete'] })
  type: string;

  @Prop({ type: String, required: true })
  actor: string;

  @Prop({ type: MongooseSchema.Types.Mixed, required: true })
  object: { type: 'Note'; id: string; content: string };

  @Prop({ type: MongooseSchema.Types.Mixed, required: true })
  target: { type: 'Conversation'; id: string; kind: 'direct' | 'room' };

  @Prop({ type: [String], required: true })
  to: string[];

  @Prop({ type: Date, required: true })
  published: Date;
}

export const ActivitySchema = SchemaFactory.createForClass(ActivityDocument);
ActivitySchema.index({ 'target.id': 1, published: 1 });
