import { Injectable } from '@nestjs/common';
import { HealthIndicatorService } from '@nestjs/terminus';
import type { ReadinessCheck } from '@chat/health';
import { InboundJournal } from '@chat/journal';

/** Stanzas journaled but not yet mirrored, and those set aside as unmirrorable (the dead-letter stream). */
@Injectable()
export class JournalDepthReadiness implements ReadinessCheck {
  constructor(
    private readonly indicators: HealthIndicatorService,
    private readonly journal: InboundJournal,
  ) {}

  check() {
    return this.indicators
      .check('journal')
      .attempt(async () => this.journal.depth())
      .withTimeout(2000);
  }
}
