import { Injectable } from '@nestjs/common';
import { InjectModel } from '@nestjs/mongoose';
import type { Model } from 'mongoose';
import type { CorrectionEvent, DisplayedMarkerEvent, RetractionEvent } from '@chat/domain';
import { WaitingEditDocument } from './waiting-edit.schema';

export type EarlyEvent = CorrectionEvent | RetractionEvent | DisplayedMarkerEvent;

/** An edit kept until its target message is archived, with the journal position it arrived at. */
export interface WaitingEdit {
  id: string;
  event: EarlyEvent;
  position: string;
}

/** How long an edit waits for a message that never comes (one of a conversation older than the archive, say). */
const KEPT_MS = 7 * 86_400_000;

/** Edits that arrived before the message they name (see WaitingEditDocument). */
@Injectable()
export class WaitingEdits {
  constructor(@InjectModel(WaitingEditDocument.name) private readonly edits: Model<WaitingEditDocument>) {}

  /** Keeps edits (a copy kept before is the same entry) and forgets those that waited too long. */
  async keep(edits: WaitingEdit[]): Promise<void> {
    if (edits.length === 0) return;
    const keptAt = new Date();
    await this.edits.bulkWrite(
      edits.map((e) => ({
        updateOne: {
          filter: { _id: e.id },
          update: { $setOnInsert: { conversationId: e.event.conversation.id, targetAlias: targetAlias(e.event), event: e.event, position: e.position, keptAt } },
          upsert: true,
        },
      })),
      { ordered: false },
    );
    await this.edits.deleteMany({ keptAt: { $lt: new Date(keptAt.getTime() - KEPT_MS) } }).exec();
  }

  async count(): Promise<number> {
    return this.edits.estimatedDocumentCount().exec();
  }

  /** The edits waiting for any of these messages (by conversation and the ids their copies were known by), oldest first. */
  async waitingFor(messages: Array<{ conversationId: string; aliases: string[] }>): Promise<WaitingEdit[]> {
    if (messages.length === 0) return [];
    const conversations = [...new Set(messages.map((m) => m.conversationId))];
    const wanted = new Set(messages.flatMap((m) => m.aliases.map((a) => `${m.conversationId}\n${a}`)));
    const docs = await this.edits
      .find({ conversationId: { $in: conversations } })
      .sort({ position: 1 })
      .lean()
      .exec();
    return docs.filter((d) => wanted.has(`${d.conversationId}\n${d.targetAlias}`)).map((d) => ({ id: d._id, event: revive(d.event), position: d.position }));
  }

  async remove(ids: string[]): Promise<void> {
    if (ids.length > 0) await this.edits.deleteMany({ _id: { $in: ids } }).exec();
  }
}

function targetAlias(event: EarlyEvent): string {
  switch (event.kind) {
    case 'correction':
      return event.replaces;
    case 'retraction':
      return event.retracts;
    case 'displayed':
      return event.of;
  }
}

/** Dates come back as Dates from MongoDB, but a driver or a FerretDB round trip may hand back strings. */
function revive(stored: Record<string, unknown>): EarlyEvent {
  return { ...(stored as unknown as EarlyEvent), at: new Date(stored.at as string | Date) };
}
