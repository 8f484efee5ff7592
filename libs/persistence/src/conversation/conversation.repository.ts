import { Injectable } from '@nestjs/common';
import { InjectModel } from '@nestjs/mongoose';
import type { AnyBulkWriteOperation } from 'mongodb';
import type { Model } from 'mongoose';
import { type BareJid, type Conversation, type ConversationMember, type ConversationRef, type LastMessage, parseConversationId } from '@chat/domain';
import { ConversationDocument, ConversationMemberDocument } from './conversation.schema';
import { bulkWriteInChunks } from '../shared/bulk-write-in-chunks';

/** What one batch of new messages did to one conversation, coalesced so each counter is written once. */
export interface ConversationActivity {
  conversation: ConversationRef;
  addresses: string[];
  /** New messages per author JID ('' for authors known by nick only). */
  newMessagesByAuthor: Map<string, number>;
  lastMessage: LastMessage;
}

const memberId = (conversationId: string, jid: string) => `${conversationId}|${jid}`;

@Injectable()
export class ConversationRepository {
  constructor(
    @InjectModel(ConversationDocument.name) private readonly conversations: Model<ConversationDocument>,
    @InjectModel(ConversationMemberDocument.name) private readonly members: Model<ConversationMemberDocument>,
  ) {}

  /** Records new messages: last activity, message count, and each member's unread count (members exist already). */
  async recordActivity(batch: ConversationActivity[]): Promise<void> {
    if (batch.length === 0) return;
    const totals = new Map(batch.map((c) => [c.conversation.id, [...c.newMessagesByAuthor.values()].reduce((a, b) => a + b, 0)]));
    const conversationOps: AnyBulkWriteOperation<ConversationDocument>[] = batch.map((c) => {
      const total = totals.get(c.conversation.id)!;
      return {
        updateOne: {
          filter: { _id: c.conversation.id },
          update: {
            $setOnInsert: { kind: c.conversation.kind, addresses: c.addresses },
            $set: { lastActivityAt: c.lastMessage.at, lastMessage: c.lastMessage },
            $inc: { messageCount: total },
          },
          upsert: true,
        },
      };
    });
    await bulkWriteInChunks(this.conversations.collection as never, conversationOps as never);

    const existing = await this.members
      .find({ conversationId: { $in: batch.map((c) => c.conversation.id) } }, { _id: 1, conversationId: 1, jid: 1 })
      .lean()
      .exec();
    const byConversation = new Map(batch.map((c) => [c.conversation.id, c]));
    const memberOps = existing.flatMap((m) => {
      const activity = byConversation.get(m.conversationId)!;
      const unread = totals.get(m.conversationId)! - (activity.newMessagesByAuthor.get(m.jid) ?? 0);
      return [
        {
          updateOne: {
            filter: { _id: m._id },
            update: { $inc: { unread }, $set: { lastActivityAt: activity.lastMessage.at } },
          },
        },
      ];
    });
    if (memberOps.length) await bulkWriteInChunks(this.members.collection as never, memberOps as never);
  }

  /** Adds people to conversations (room occupants, web subscribers); existing members keep their counters. */
  async ensureMembers(entries: Array<{ conversationId: string; jid: string; nick?: string }>): Promise<void> {
    if (entries.length === 0) return;
    const unique = new Map(entries.map((e) => [memberId(e.conversationId, e.jid), e]));
    const ops = [...unique.entries()].map(([id, e]) => ({
      updateOne: {
        filter: { _id: id },
        update: {
          $setOnInsert: { conversationId: e.conversationId, jid: e.jid, unread: 0 },
          ...(e.nick ? { $set: { nick: e.nick } } : {}),
        },
        upsert: true,
      },
    }));
    await bulkWriteInChunks(this.members.collection as never, ops as never);
  }

  async membersOf(conversationId: string): Promise<ConversationMember[]> {
    const docs = await this.members.find({ conversationId }).lean().exec();
    return docs.map(toMember);
  }

  async member(conversationId: string, jid: string): Promise<ConversationMember | undefined> {
    const doc = await this.members.findById(memberId(conversationId, jid)).lean().exec();
    return doc ? toMember(doc) : undefined;
  }

  /** Records how far a member has read and what remains unread; the caller makes sure the marker only moves on. */
  async recordRead(conversationId: string, jid: string, read: { messageId: string; position: string }, unread: number): Promise<void> {
    await this.members
      .updateOne(
        { _id: memberId(conversationId, jid) },
        { $set: { readPosition: read.position, readMessageId: read.messageId, unread }, $setOnInsert: { conversationId, jid } },
        { upsert: true },
      )
      .exec();
  }

  /** Every conversation this person takes part in. */
  async conversationIdsOf(jid: string): Promise<string[]> {
    const docs = await this.members.find({ jid }, { conversationId: 1 }).lean().exec();
    return docs.map((d) => d.conversationId);
  }

  /** This person's conversations, the most recently active first, with their own unread count and read marker. */
  async listFor(jid: string, cursor: { before?: Date }, limit: number): Promise<Array<{ conversation: Conversation; member: ConversationMember }>> {
    const members = await this.members
      // Rooms joined but silent so far have no activity time: they come last on the first page.
      .find(cursor.before ? { jid, lastActivityAt: { $lt: cursor.before } } : { jid })
      .sort({ lastActivityAt: -1 })
      .limit(limit)
      .lean()
      .exec();
    const conversations = await this.conversations
      .find({ _id: { $in: members.map((m) => m.conversationId) } })
      .lean()
      .exec();
    const byId = new Map(conversations.map((c) => [c._id, toConversation(c)]));
    return members.map((m) => ({ conversation: byId.get(m.conversationId) ?? silentConversation(m.conversationId), member: toMember(m) }));
  }

  /** The member of a room known under this nick, if any. */
  async memberByNick(conversationId: string, nick: string): Promise<BareJid | undefined> {
    const doc = await this.members.findOne({ conversationId, nick }).lean().exec();
    return doc?.jid as BareJid | undefined;
  }
}

/** A conversation someone joined where nothing has been said yet. */
function silentConversation(id: string): Conversation {
  const address = parseConversationId(id);
  if (address?.kind === 'room') return { id, kind: 'room', addresses: [address.room], messageCount: 0 };
  return { id, kind: 'direct', addresses: address ? [...address.people] : [], messageCount: 0 };
}

function toConversation(d: ConversationDocument): Conversation {
  return { id: d._id, kind: d.kind, addresses: d.addresses, lastActivityAt: d.lastActivityAt, lastMessage: d.lastMessage, messageCount: d.messageCount };
}

function toMember(d: ConversationMemberDocument): ConversationMember {
  return { jid: d.jid as BareJid, nick: d.nick, unread: d.unread, readPosition: d.readPosition, readMessageId: d.readMessageId };
}
