import { type ArchivedMessage, indexTerms } from '@chat/domain';
import type { ArchivedMessageDocument } from './archived-message.schema';

/** The stored form: the message under its id, with the search terms of its current body (ArchiveSearchIndex reads them). */
export function toMessageDocument({ id, ...message }: ArchivedMessage): ArchivedMessageDocument {
  return { _id: id, ...message, ...indexTerms(message.body) };
}

/** The message itself: the storage's search terms stay here. */
export function toMessage(doc: ArchivedMessageDocument): ArchivedMessage {
  return {
    id: doc._id,
    conversationId: doc.conversationId,
    conversationKind: doc.conversationKind,
    messageType: doc.messageType,
    author: doc.author,
    authorOccupant: doc.authorOccupant,
    to: doc.to,
    body: doc.body,
    aliases: doc.aliases,
    sentAt: doc.sentAt,
    position: doc.position,
    edits: doc.edits,
    editedAt: doc.editedAt,
    retractedAt: doc.retractedAt,
  };
}
