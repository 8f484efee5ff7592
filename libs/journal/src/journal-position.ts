/**
 * Positions are the journal's order as sortable strings: a stream id "1795396844954-3" (milliseconds, sequence)
 * becomes "001795396844954-000003". Messages, activities and markers carry them; cursors compare them as strings.
 */
export function journalPosition(streamId: string): string {
  const [ms, seq] = streamId.split('-');
  return `${ms.padStart(15, '0')}-${(seq ?? '0').padStart(6, '0')}`;
}

/** The position of the first entry a moment may hold: whatever was journaled from `ms` on sorts after it. */
export function positionAt(ms: number): string {
  return journalPosition(String(Math.max(0, Math.floor(ms))));
}
