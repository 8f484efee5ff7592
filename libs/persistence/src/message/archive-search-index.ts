import { Injectable } from '@nestjs/common';
import { InjectModel } from '@nestjs/mongoose';
import type { Model } from 'mongoose';
import type { ArchivedMessage, MessageSearchFilter, MessageSearchIndex } from '@chat/domain';
import { toMessage } from './archived-message.mapping';
import { ArchivedMessageDocument } from './archived-message.schema';

/**
 * Search served by the archive itself: the `terms` and `prefixes` arrays MessageArchive writes beside each current
 * body. Only equality on indexed arrays: no $text, no regular expression from input.
 */
@Injectable()
export class ArchiveSearchIndex implements MessageSearchIndex {
  constructor(@InjectModel(ArchivedMessageDocument.name) private readonly messages: Model<ArchivedMessageDocument>) {}

  async search(filter: MessageSearchFilter, limit: number): Promise<ArchivedMessage[]> {
    if (filter.conversationIds.length === 0) return [];
    const query: Record<string, unknown> = {
      conversationId: filter.conversationIds.length === 1 ? filter.conversationIds[0] : { $in: filter.conversationIds },
    };
    const all = [...filter.terms.map((t) => ({ terms: t })), ...(filter.prefix ? [{ prefixes: filter.prefix }] : [])];
    if (all.length === 1) Object.assign(query, all[0]);
    else if (all.length > 1) query.$and = all;
    if (filter.author) query.author = filter.author;
    if (filter.since || filter.until) query.sentAt = { ...(filter.since ? { $gte: filter.since } : {}), ...(filter.until ? { $lte: filter.until } : {}) };
    if (filter.before) query.position = { $lt: filter.before };
    const docs = await this.messages.find(query, { terms: 0, prefixes: 0 }).sort({ position: -1 }).limit(limit).lean().exec();
    return docs.map(toMessage);
  }
}
