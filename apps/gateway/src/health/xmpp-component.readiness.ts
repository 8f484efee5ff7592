import { Injectable } from '@nestjs/common';
import { HealthIndicatorService } from '@nestjs/terminus';
import type { ReadinessCheck } from '@chat/health';
import { XmppComponentConnection } from '@chat/xmpp';

/** Up while the component link is online; reports what ejabberd granted it. */
@Injectable()
export class XmppComponentReadiness implements ReadinessCheck {
  constructor(
    private readonly indicators: HealthIndicatorService,
    private readonly connection: XmppComponentConnection,
  ) {}

  async check() {
    const indicator = this.indicators.check('xmpp');
    const details = this.connection.details;
    return this.connection.status === 'online' ? indicator.up(details) : indicator.down(details);
  }
}
