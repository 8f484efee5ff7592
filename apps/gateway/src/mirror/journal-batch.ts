import { parse } from 'ltx';
import type { ChatStateEvent, ConversationEvent, DisplayedMarkerEvent, ResourcePresenceEvent, RoomOccupancyEvent } from '@chat/domain';
import type { JournalEntry, SessionSnapshotEntry } from '@chat/queues';
import { type ParseContext, parseRoutedStanza } from '@chat/xmpp';

export interface Positioned<T> {
  event: T;
  /** Sortable form of the journal id: the server's order. */
  position: string;
}

export interface SessionSnapshot {
  takenAt: Date;
  sessions: SessionSnapshotEntry[];
}

/** One journal batch, parsed and sorted by what it asks of the mirror. */
export interface JournalBatch {
  conversation: Positioned<ConversationEvent>[];
  chatStates: Positioned<ChatStateEvent>[];
  markers: Positioned<DisplayedMarkerEvent>[];
  /** Presence stanzas and session snapshots, in arrival order. */
  presence: Positioned<ResourcePresenceEvent | SessionSnapshot>[];
  occupancy: RoomOccupancyEvent[];
  rejected: Array<{ entry: JournalEntry; reason: string }>;
  skipped: number;
}

/** "1795396844954-3" → "001795396844954-000003": sorts as strings in arrival order. */
export function journalPosition(id: string): string {
  const [ms, seq] = id.split('-');
  return `${ms.padStart(15, '0')}-${(seq ?? '0').padStart(6, '0')}`;
}

export function parseJournalBatch(entries: JournalEntry[], context: Omit<ParseContext, 'now'>): JournalBatch {
  const batch: JournalBatch = { conversation: [], chatStates: [], markers: [], presence: [], occupancy: [], rejected: [], skipped: 0 };
  for (const entry of entries) {
    const position = journalPosition(entry.id);
    const { record } = entry;
    if (record.kind === 'unreadable') {
      batch.rejected.push({ entry, reason: 'unreadable journal record' });
      continue;
    }
    if (record.kind === 'sessions') {
      batch.presence.push({ event: { takenAt: new Date(record.takenAt), sessions: record.sessions }, position });
      continue;
    }
    let outcome;
    try {
      outcome = parseRoutedStanza(parse(record.xml), { ...context, now: new Date(Number(entry.id.split('-')[0])) });
    } catch (error) {
      outcome = { reject: `unparseable stanza: ${(error as Error).message}` };
    }
    if ('skip' in outcome) batch.skipped += 1;
    else if ('reject' in outcome) batch.rejected.push({ entry, reason: outcome.reject });
    else {
      for (const event of outcome.events) {
        if (event.kind === 'presence') batch.presence.push({ event, position });
        else if (event.kind === 'chat-state') batch.chatStates.push({ event, position });
        else if (event.kind === 'room-occupancy') batch.occupancy.push(event);
        else if (event.kind === 'displayed') batch.markers.push({ event, position });
        else batch.conversation.push({ event, position });
      }
    }
  }
  return batch;
}
