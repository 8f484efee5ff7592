import { Injectable } from '@nestjs/common';
import { InjectModel } from '@nestjs/mongoose';
import type { Model } from 'mongoose';
import type { Author } from '@chat/domain';
import { insertNew } from '../shared/insert-new';
import { ArchivedMessageDocument, type MessageEdit } from './archived-message.schema';

export type ArchivedMessage = Omit<ArchivedMessageDocument, '_id'> & { id: string };

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
    const docs = messages.map(({ id, ...rest }) => ({ _id: id, ...rest }) as ArchivedMessageDocument);
    return insertNew(this.messages.collection as never, docs);
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
    return toMessage(await this.messages.findById(id).lean().exec());
  }

  /** A conversation's messages in the server's order. */
  async listConversation(conversationId: string, limit = 1000): Promise<ArchivedMessage[]> {
    const docs = await this.messages.find({ conversationId }).sort({ position: 1 }).limit(limit).lean().exec();
    return docs.map((d) => toMessage(d)!);
  }

  private async edit(request: EditRequest, kind: MessageEdit['kind'], nextBody: (current: string) => string): Promise<EditOutcome | null> {
    const authorFilter = request.author.jid ? { author: request.author.jid } : { authorOccupant: request.author.occupant };
    const target = await this.messages
      .findOne({ conversationId: request.conversationId, aliases: request.targetAlias, ...authorFilter })
      .sort({ position: -1 })
      .lean()
      .exec();
    if (!target) return null;
    if (target.edits.some((e) => e.activityId === request.activityId)) return { message: toMessage(target)!, applied: false };
    const edit: MessageEdit = { activityId: request.activityId, kind, previous: target.body, at: request.at };
    const set = kind === 'retraction' ? { body: nextBody(target.body), retractedAt: request.at } : { body: nextBody(target.body), editedAt: request.at };
    // The filter on edits makes a replayed edit a no-op even if two writers race.
    await this.messages
      .updateOne({ _id: target._id, 'edits.activityId': { $ne: request.activityId } }, { $set: set, $push: { edits: edit } })
      .exec();
    return { message: (await this.findById(target._id))!, applied: true };
  }
}

function toMessage(doc: (ArchivedMessageDocument & { _id: string }) | null): ArchivedMessage | null {
  if (!doc) return null;
  const { _id, ...rest } = doc;
  return { id: _id, ...rest };
}
