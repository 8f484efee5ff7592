import type { Collection, Document, MongoBulkWriteError, OptionalUnlessRequiredId } from 'mongodb';

const DUPLICATE_KEY = 11000;

/**
 * Inserts documents whose `_id` may already be stored, in one unordered batch; returns the ids that were new.
 * Duplicates are expected (every stanza arrives in several copies) and are refused by the unique `_id` index of
 * the database itself; any other write error is thrown.
 *
 * A batch counts as stored only when every document is accounted for, inserted or refused as a duplicate: a
 * connection cut in the middle of an unordered insert ends in a `MongoBulkWriteError` whose `writeErrors` is
 * empty (nothing was refused, most of it was never written), and taking that as success acknowledged journal
 * entries whose messages were lost (issue 11: 0 of 20,000 stored, all reported inserted).
 */
export async function insertNew<T extends Document & { _id: string }>(collection: Collection<T>, docs: T[]): Promise<Set<string>> {
  if (docs.length === 0) return new Set();
  try {
    await collection.insertMany(docs as OptionalUnlessRequiredId<T>[], { ordered: false });
    return new Set(docs.map((d) => d._id));
  } catch (error) {
    // By name: mongoose may carry its own copy of the driver, which defeats instanceof.
    if ((error as Error).name !== 'MongoBulkWriteError') throw error;
    const bulk = error as MongoBulkWriteError;
    const failures = bulk.writeErrors === undefined ? [] : Array.isArray(bulk.writeErrors) ? bulk.writeErrors : [bulk.writeErrors];
    const others = failures.filter((e) => e.code !== DUPLICATE_KEY);
    if (others.length > 0) throw error;
    const inserted = (bulk.result as { insertedCount?: number } | undefined)?.insertedCount ?? 0;
    if (inserted + failures.length !== docs.length) throw error;
    const refused = new Set(failures.map((e) => e.index));
    return new Set(docs.filter((_, i) => !refused.has(i)).map((d) => d._id));
  }
}
