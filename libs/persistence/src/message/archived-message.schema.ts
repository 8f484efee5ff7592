import { Prop, Schema, SchemaFactory } from '@nestjs/mongoose';
import type { ConversationKind, MessageEdit } from '@chat/domain';

/** How an ArchivedMessage is stored: its id as `_id`, plus the search terms of its current body. */
@Schema({ collection: 'messages', versionKey: false, _id: false })
export class ArchivedMessageDocument {
  @Prop({ type: String, required: true })
  _id: string;

  @Prop({ type: String, required: true })
  conversationId: string;

  @Prop({ type: String, required: true, enum: ['direct', 'room'] })
  conversationKind: ConversationKind;

  @Prop({ type: String, required: true, enum: ['chat', 'normal', 'groupchat'] })
  messageType: string;

  /** The author's bare JID, when known. */
  @Prop({ type: String })
  author?: string;

  /** The room occupant JID (room@muc/nick) when only the nick is known. */
  @Prop({ type: String })
  authorOccupant?: string;

  @Prop({ type: String, required: true })
  to: string;

  @Prop({ type: String, default: '' })
  body: string;

  /** Every id a correction or retraction may refer to: stanza id, origin-id, server stanza-ids. */
  @Prop({ type: [String], default: [] })
  aliases: string[];

  @Prop({ type: Date, required: true })
  sentAt: Date;

  @Prop({ type: String, required: true })
  position: string;

  @Prop({ type: [Object], default: [] })
  edits: MessageEdit[];

  @Prop({ type: Date })
  editedAt?: Date;

  @Prop({ type: Date })
  retractedAt?: Date;

  /** Search tokens of the current body (folded words, CJK bigrams): matched by equality, so any index serves. */
  @Prop({ type: [String], default: undefined })
  terms?: string[];

  /** Leading parts of the words, for the last, unfinished word of a query. */
  @Prop({ type: [String], default: undefined })
  prefixes?: string[];
}

export const ArchivedMessageSchema = SchemaFactory.createForClass(ArchivedMessageDocument);
ArchivedMessageSchema.index({ conversationId: 1, position: 1 });
ArchivedMessageSchema.index({ conversationId: 1, aliases: 1 });
ArchivedMessageSchema.index({ terms: 1, position: -1 });
ArchivedMessageSchema.index({ prefixes: 1, position: -1 });
