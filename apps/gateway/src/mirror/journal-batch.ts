import { parse } from 'ltx';
import { type ChatStateEvent, type ConversationEvent, type DisplayedMarkerEvent, type ResourcePresenceEvent, type RoomOccupancyEvent, WEB_RESOURCE_PREFIX } from '@chat/domain';
import { type JournalEntry, journalPosition, type JournalRecord, type SessionSnapshotEntry } from '@chat/journal';
import { type ParseContext, type ParseOutcome, parseRoutedStanza } from '@chat/xmpp';

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

export function parseJournalBatch(entries: JournalEntry[], context: Omit<ParseContext, 'now'>): JournalBatch {
  const batch: JournalBatch = { conversation: [], chatStates: [], markers: [], presence: [], occupancy: [], rejected: [], skipped: 0 };
  for (const entry of entries) {
    const position = journalPosition(entry.id);
    const { record } = entry;
    switch (record.kind) {
      case 'unreadable':
        batch.rejected.push({ entry, reason: 'unreadable journal record' });
        break;
      case 'sessions':
        batch.presence.push({ event: { takenAt: new Date(record.takenAt), sessions: record.sessions }, position });
        break;
      case 'web-session':
        batch.presence.push({ event: webSessionPresence(record), position });
        break;
      case 'stanza':
        sortStanza(batch, entry, record.xml, position, context);
        break;
      default:
        unknownRecord(record);
    }
  }
  return batch;
}

/** A web session is a resource of its user (`web.<session>`), announced like a client's presence. */
function webSessionPresence(record: Extract<JournalRecord, { kind: 'web-session' }>): ResourcePresenceEvent {
  return { kind: 'presence', jid: record.user, resource: `${WEB_RESOURCE_PREFIX}${record.sessionId}`, available: record.open, priority: 0, at: new Date(record.at) };
}

function sortStanza(batch: JournalBatch, entry: JournalEntry, xml: string, position: string, context: Omit<ParseContext, 'now'>): void {
  let outcome: ParseOutcome;
  try {
    outcome = parseRoutedStanza(parse(xml), { ...context, now: new Date(Number(entry.id.split('-')[0])) });
  } catch (error) {
    outcome = { reject: `unparseable stanza: ${(error as Error).message}` };
  }
  if ('skip' in outcome) {
    batch.skipped += 1;
    return;
  }
  if ('reject' in outcome) {
    batch.rejected.push({ entry, reason: outcome.reject });
    return;
  }
  for (const event of outcome.events) {
    switch (event.kind) {
      case 'presence':
        batch.presence.push({ event, position });
        break;
      case 'chat-state':
        batch.chatStates.push({ event, position });
        break;
      case 'room-occupancy':
        batch.occupancy.push(event);
        break;
      case 'displayed':
        batch.markers.push({ event, position });
        break;
      case 'message':
      case 'correction':
      case 'retraction':
        batch.conversation.push({ event, position });
        break;
      default:
        unknownEvent(event);
    }
  }
}

function unknownRecord(record: never): never {
  throw new Error(`unknown journal record ${JSON.stringify(record).slice(0, 100)}`);
}

function unknownEvent(event: never): never {
  throw new Error(`unknown mirror event ${JSON.stringify(event).slice(0, 100)}`);
}
