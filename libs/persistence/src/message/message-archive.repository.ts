import { Injectable } from '@nestjs/common';
import { InjectModel } from '@nestjs/mongoose';
import type { Model } from 'mongoose';
import { type ArchivedMessage, type Author, indexTerms, type MessageEdit } from '@chat/domain';
import { insertNew } from '../shared/insert-new';
import { ArchivedMessageDocument } from './archived-message.schema';
import { toMessage, toMessageDocument } from './archived-message.mapping';

export interface EditOutcome {
  message: ArchivedMessage;
  /** False when this very edit had been applied before (a second copy, a replay). */
  applied: boolean;
}

export interface EditRequest {
  activityId: string;
  conversationId: string;
  /** The id the client used for the target message (matched against its aliases). */
  targetAlias: string;
  author: Author;
  at: Date;
}

/** The archive of chat messages: one document per message, whatever number of copies arrived. */
@Injectable()
export class MessageArchive {
  constructor(@InjectModel(ArchivedMessageDocument.name) private readonly messages: Model<ArchivedMessageDocument>) {}

  /** Stores the messages that are not archived yet; returns the ids that were new. */
  async insertNew(messages: ArchivedMessage[]): Promise<Set<string>> {
    return insertNew(this.messages.collection as never, messages.map(toMessageDocument));
  }

  /**
   * Replaces the body of the author's message (XEP-0308), keeping the previous body in its edits. Applying the same
   * correction twice changes nothing (`applied` is false the second time). Null when no message of this author
   * matches.
   */
  async correct(request: EditRequest, body: string): Promise<EditOutcome | null> {
    return this.edit(request, 'correction', () => body);
  }

  /** Retracts the author's message (XEP-0424): its body is emptied, the text kept in its edits. */
  async retract(request: EditRequest): Promise<EditOutcome | null> {
    return this.edit(request, 'retraction', () => '');
  }

  async findById(id: string): Promise<ArchivedMessage | null> {
    const doc = await this.messages.findById(id).lean().exec();
    return doc && toMessage(doc);
  }

  /**
   * One page of a conversation, oldest first: the newest `limit` messages before `before`, or the oldest after
   * `after`, or the newest of all. Positions are the cursors.
   */
  async page(conversationId: string, cursor: { before?: string; after?: string }, limit: number): Promise<ArchivedMessage[]> {
    const position = cursor.after ? { $gt: cursor.after } : cursor.before ? { $lt: cursor.before } : undefined;
    const docs = await this.messages
      .find({ conversationId, ...(position ? { position } : {}) })
      .sort({ position: cursor.after ? 1 : -1 })
      .limit(limit)
      .lean()
      .exec();
    const messages = docs.map(toMessage);
    return cursor.after ? messages : messages.reverse();
  }

  /** Which of these messages have been retracted. */
  async retractedAmong(ids: string[]): Promise<Set<string>> {
    if (ids.length === 0) return new Set();
    const docs = await this.messages
      .find({ _id: { $in: [...new Set(ids)] }, retractedAt: { $exists: true } }, { _id: 1 })
      .lean()
      .exec();
    return new Set(docs.map((d) => d._id));
  }

  /** A conversation's messages in the server's order. */
  async listConversation(conversationId: string, limit = 1000): Promise<ArchivedMessage[]> {
    const docs = await this.messages.find({ conversationId }).sort({ position: 1 }).limit(limit).lean().exec();
    return docs.map(toMessage);
  }

  /** The latest message of the conversation that any of its copies knew by this id. */
  async findByAlias(conversationId: string, alias: string): Promise<ArchivedMessage | null> {
    const doc = await this.messages.findOne({ conversationId, aliases: alias }).sort({ position: -1 }).lean().exec();
    return doc && toMessage(doc);
  }

  /** Messages others wrote in (after, upTo]: what a reader whose marker sits at `after` has not read. */
  async countUnread(conversationId: string, reader: string, after: string, upTo: string): Promise<number> {
    return this.messages.countDocuments({ conversationId, position: { $gt: after, $lte: upTo }, author: { $ne: reader } }).exec();
  }

  private async edit(request: EditRequest, kind: MessageEdit['kind'], nextBody: (current: string) => string): Promise<EditOutcome | null> {
    const authorFilter = request.author.jid ? { author: request.author.jid } : { authorOccupant: request.author.occupant };
    const target = await this.messages
      .findOne({ conversationId: request.conversationId, aliases: request.targetAlias, ...authorFilter })
      .sort({ position: -1 })
      .lean()
      .exec();
    if (!target) return null;
    if (target.edits.some((e) => e.activityId === request.activityId)) return { message: toMessage(target), applied: false };
    const edit: MessageEdit = { activityId: request.activityId, kind, previous: target.body, at: request.at };
    const body = nextBody(target.body);
    const set = kind === 'retraction' ? { body, retractedAt: request.at, terms: [], prefixes: [] } : { body, editedAt: request.at, ...indexTerms(body) };
    // The filter on edits makes a replayed edit a no-op even if two writers race.
    await this.messages.updateOne({ _id: target._id, 'edits.activityId': { $ne: request.activityId } }, { $set: set, $push: { edits: edit } }).exec();
    return { message: (await this.findById(target._id))!, applied: true };
  }
}
