import type { AnyBulkWriteOperation, Collection, Document } from 'mongodb';

/**
 * FerretDB 1.24 on SQLite (the embedded default) never answers an update command of 100 statements or more, and
 * the whole database stays stuck behind it: every later query waits forever (measured: 99 updateOne in one
 * bulkWrite take 150 ms, 100 hang; see the shared notes). MongoDB has no such limit; chunks this small cost it
 * nothing measurable.
 */
export const MAX_STATEMENTS_PER_COMMAND = 50;

/** An unordered bulkWrite, sent as commands of at most MAX_STATEMENTS_PER_COMMAND statements, one after another. */
export async function bulkWriteInChunks<T extends Document>(collection: Collection<T>, ops: AnyBulkWriteOperation<T>[]): Promise<void> {
  for (let i = 0; i < ops.length; i += MAX_STATEMENTS_PER_COMMAND) {
    await collection.bulkWrite(ops.slice(i, i + MAX_STATEMENTS_PER_COMMAND), { ordered: false });
  }
}
