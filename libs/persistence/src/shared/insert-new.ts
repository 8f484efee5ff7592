import type { Collection, Document, MongoBulkWriteError, OptionalUnlessRequiredId } from 'mongodb';

const DUPLICATE_KEY = 11000;

/**
 * Inserts documents whose `_id` may already be stored, in one unordered batch; returns the ids that were new.
 * Duplicates are expected (every stanza arrives in several copies) and are refused by the unique `_id` index of
 * the database itself; any other write error is thrown.
 */
export async function insertNew<T extends Document & { _id: string }>(collection: Collection<T>, docs: T[]): Promise<Set<string>> {
  if (docs.length === 0) return new Set();
  try {
    await collection.insertMany(docs as OptionalUnlessRequiredId<T>[], { ordered: false });
    return new Set(docs.map((d) => d._id));
  } catch (error) {
    // By name: mongoose may carry its own copy of the driver, which defeats instanceof.
    if ((error as Error).name !== 'MongoBulkWriteError') throw error;
    const { writeErrors } = error as MongoBulkWriteError;
    const failures = Array.isArray(writeErrors) ? writeErrors : [writeErrors];
    const others = failures.filter((e) => e.code !== DUPLICATE_KEY);
    if (others.length > 0) throw error;
    const refused = new Set(failures.map((e) => e.index));
    return new Set(docs.filter((_, i) => !refused.has(i)).map((d) => d._id));
  }
}
