import { describe, expect, it } from '@jest/globals';
import type { Collection } from 'mongodb';
import { insertNew } from './insert-new';

type Doc = { _id: string };

/** What the driver throws for an unordered insertMany that did not fully succeed (only the fields insertNew reads). */
function bulkWriteError(insertedCount: number, writeErrors: { index: number; code: number }[]): Error {
  return Object.assign(new Error('bulk write failed'), {
    name: 'MongoBulkWriteError',
    writeErrors,
    result: { insertedCount },
  });
}

function collectionThrowing(error: Error): Collection<Doc> {
  return { insertMany: () => Promise.reject(error) } as unknown as Collection<Doc>;
}

const docs: Doc[] = [{ _id: 'a' }, { _id: 'b' }, { _id: 'c' }];

describe('insertNew', () => {
  it('returns every id when the insert succeeds', async () => {
    const collection = { insertMany: () => Promise.resolve({}) } as unknown as Collection<Doc>;
    expect([...(await insertNew(collection, docs))]).toEqual(['a', 'b', 'c']);
  });

  it('leaves out the documents refused as duplicates', async () => {
    const error = bulkWriteError(2, [{ index: 1, code: 11000 }]);
    expect([...(await insertNew(collectionThrowing(error), docs))]).toEqual(['a', 'c']);
  });

  it('throws when a connection cut leaves documents neither inserted nor refused (empty writeErrors)', async () => {
    const error = bulkWriteError(0, []);
    await expect(insertNew(collectionThrowing(error), docs)).rejects.toBe(error);
  });

  it('throws when only some of the documents are accounted for', async () => {
    const error = bulkWriteError(1, [{ index: 1, code: 11000 }]);
    await expect(insertNew(collectionThrowing(error), docs)).rejects.toBe(error);
  });

  it('throws on any other write error', async () => {
    const error = bulkWriteError(2, [{ index: 0, code: 121 }]);
    await expect(insertNew(collectionThrowing(error), docs)).rejects.toBe(error);
  });
});
