import { Prop, Schema, SchemaFactory } from '@nestjs/mongoose';
import { Schema as MongooseSchema } from 'mongoose';
import type { ConversationKind, LastMessage } from '@chat/domain';

/** How a Conversation is stored: its id as `_id`. */
@Schema({ collection: 'conversations', versionKey: false, _id: false })
export class ConversationDocument {
  @Prop({ type: String, required: true })
  _id: string;

  @Prop({ type: String, required: true, enum: ['direct', 'room'] })
  kind: ConversationKind;

  /** The peer JIDs of a direct conversation, or the room's JID. */
  @Prop({ type: [String], default: [] })
  addresses: string[];

  @Prop({ type: Date })
  lastActivityAt?: Date;

  @Prop({ type: MongooseSchema.Types.Mixed })
  lastMessage?: LastMessage;

  @Prop({ type: Number, default: 0 })
  messageCount: number;
}

export const ConversationSchema = SchemaFactory.createForClass(ConversationDocument);

/** How a ConversationMember is stored, under `${conversationId}|${jid}`, with what orders a person's conversation list. */
@Schema({ collection: 'conversation_members', versionKey: false, _id: false })
export class ConversationMemberDocument {
  /** `${conversationId}|${jid}` */
  @Prop({ type: String, required: true })
  _id: string;

  @Prop({ type: String, required: true })
  conversationId: string;

  @Prop({ type: String, required: true })
  jid: string;

  @Prop({ type: String })
  nick?: string;

  @Prop({ type: Number, default: 0 })
  unread: number;

  @Prop({ type: Date })
  lastActivityAt?: Date;

  /** Position of the last message this member has seen (XEP-0333 displayed), from any of their clients. */
  @Prop({ type: String })
  readPosition?: string;

  @Prop({ type: String })
  readMessageId?: string;
}

export const ConversationMemberSchema = SchemaFactory.createForClass(ConversationMemberDocument);
ConversationMemberSchema.index({ conversationId: 1 });
ConversationMemberSchema.index({ jid: 1, lastActivityAt: -1 });
