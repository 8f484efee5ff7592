import { Prop, Schema, SchemaFactory } from '@nestjs/mongoose';

/**
 * A correction, retraction or read marker whose target message is not archived yet: copies of one conversation can
 * reach the archive out of order (through different gateways, or a backfill), and such an edit is kept until its
 * message arrives instead of being dropped.
 */
@Schema({ collection: 'waiting_edits', versionKey: false, _id: false })
export class WaitingEditDocument {
  /** The edit's activity id (a marker's: its reader and target), so a copy seen again is the same entry. */
  @Prop({ type: String, required: true })
  _id: string;

  @Prop({ type: String, required: true })
  conversationId: string;

  /** The id the edit names its target by (XEP-0308 `replace`, XEP-0424 `id`, XEP-0333 `id`). */
  @Prop({ type: String, required: true })
  targetAlias: string;

  /** The mirror's event, as parsed (domain shape), with its journal position. */
  @Prop({ type: Object, required: true })
  event: Record<string, unknown>;

  @Prop({ type: String, required: true })
  position: string;

  @Prop({ type: Date, required: true })
  keptAt: Date;
}

export const WaitingEditSchema = SchemaFactory.createForClass(WaitingEditDocument);
WaitingEditSchema.index({ conversationId: 1, targetAlias: 1 });
