export { InboundJournal } from './inbound-journal';
export { JournalModule } from './journal.module';
export { JournalReader } from './journal-reader';
export type { JournalEntry, JournalRecord, SessionSnapshotEntry } from './journal-records';
export { journalPosition, positionAt } from './journal-position';
