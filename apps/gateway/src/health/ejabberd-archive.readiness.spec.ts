import { describe, expect, it } from '@jest/globals';
import { HealthIndicatorService } from '@nestjs/terminus';
import type { EjabberdArchive } from '@chat/xmpp';
import type { GapBackfill } from '../backfill/gap-backfill';
import { EjabberdArchiveReadiness } from './ejabberd-archive.readiness';

function readiness(archiveError: Error | undefined, backfillFailure?: string) {
  const archive = { check: async () => (archiveError ? Promise.reject(archiveError) : undefined) } as unknown as EjabberdArchive;
  const backfill = { lastFailure: backfillFailure } as unknown as GapBackfill;
  return new EjabberdArchiveReadiness(new HealthIndicatorService(), archive, backfill);
}

describe('EjabberdArchiveReadiness', () => {
  it('is up while the archive answers and no backfill fails', async () => {
    expect(await readiness(undefined).check()).toEqual({ ejabberdArchive: { status: 'up' } });
  });

  it('is down when the archive cannot be read: a gap must never be skipped silently', async () => {
    const result = await readiness(new Error('connect ECONNREFUSED 127.0.0.1:15432')).check();
    expect(result.ejabberdArchive).toMatchObject({ status: 'down', reason: expect.stringContaining('ECONNREFUSED') });
  });

  it('is down while a backfill keeps failing', async () => {
    const result = await readiness(undefined, 'permission denied for table archive').check();
    expect(result.ejabberdArchive).toMatchObject({ status: 'down', reason: 'backfill failing: permission denied for table archive' });
  });
});
