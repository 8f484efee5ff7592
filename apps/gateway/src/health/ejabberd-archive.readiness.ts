import { Injectable } from '@nestjs/common';
import { HealthIndicatorService } from '@nestjs/terminus';
import type { ReadinessCheck } from '@chat/health';
import { EjabberdArchive } from '@chat/xmpp';
import { GapBackfill } from '../backfill/gap-backfill';

/**
 * Up while ejabberd's message archive can be read and no backfill is failing: a gap that cannot be closed from it
 * must show, never pass as a silent skip (issue 11, item 3).
 */
@Injectable()
export class EjabberdArchiveReadiness implements ReadinessCheck {
  constructor(
    private readonly indicators: HealthIndicatorService,
    private readonly archive: EjabberdArchive,
    private readonly backfill: GapBackfill,
  ) {}

  async check() {
    const indicator = this.indicators.check('ejabberdArchive');
    try {
      await this.archive.check();
    } catch (error) {
      return indicator.down({ reason: `ejabberd's archive cannot be read: ${(error as Error).message}` });
    }
    const failure = this.backfill.lastFailure;
    return failure ? indicator.down({ reason: `backfill failing: ${failure}` }) : indicator.up();
  }
}
