import { Injectable } from '@nestjs/common';
import { InjectModel } from '@nestjs/mongoose';
import type { Model } from 'mongoose';
import type { BareJid, PresenceState, UserPresence } from '@chat/domain';
import { PresenceDocument } from './presence.schema';
import { bulkWriteInChunks } from '../shared/bulk-write-in-chunks';

/** Users' current presence, one document per user. */
@Injectable()
export class PresenceRepository {
  constructor(@InjectModel(PresenceDocument.name) private readonly presences: Model<PresenceDocument>) {}

  async findMany(jids: readonly string[]): Promise<Map<BareJid, UserPresence>> {
    if (jids.length === 0) return new Map();
    const docs = await this.presences
      .find({ _id: { $in: [...new Set(jids)] } })
      .lean()
      .exec();
    return new Map(docs.map((d) => [d._id as BareJid, toPresence(d)]));
  }

  /** Everyone the store believes has at least one resource online. */
  async findOnline(): Promise<UserPresence[]> {
    const docs = await this.presences
      .find({ state: { $ne: 'offline' } })
      .lean()
      .exec();
    return docs.map(toPresence);
  }

  async saveMany(presences: UserPresence[], at: Date): Promise<void> {
    if (presences.length === 0) return;
    const ops = presences.map((p) => ({
      replaceOne: {
        filter: { _id: p.jid },
        replacement: { state: p.state, status: p.status, lastSeen: p.lastSeen, resources: p.resources, updatedAt: at },
        upsert: true,
      },
    }));
    await bulkWriteInChunks(this.presences.collection as never, ops as never);
  }
}

function toPresence(doc: PresenceDocument): UserPresence & { updatedAt: Date } {
  return {
    updatedAt: doc.updatedAt,
    jid: doc._id as BareJid,
    state: doc.state as PresenceState,
    status: doc.status ?? undefined,
    lastSeen: doc.lastSeen ?? undefined,
    resources: (doc.resources ?? []).map((r) => ({ ...r, since: new Date(r.since) })),
  };
}
