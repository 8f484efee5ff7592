import { Injectable } from '@nestjs/common';
import { HealthIndicatorService } from '@nestjs/terminus';
import type { ReadinessCheck } from '@chat/health';
import { XmppComponentConnection } from '@chat/xmpp';
import { ActiveGatewayLease } from '../pairing/active-gateway-lease';

/** Up while the component link is online; reports what ejabberd granted it and whether this gateway is the active one. */
@Injectable()
export class XmppComponentReadiness implements ReadinessCheck {
  constructor(
    private readonly indicators: HealthIndicatorService,
    private readonly connection: XmppComponentConnection,
    private readonly lease: ActiveGatewayLease,
  ) {}

  async check() {
    const indicator = this.indicators.check('xmpp');
    const details = { ...this.connection.details, activeGateway: this.lease.active };
    return this.connection.status === 'online' ? indicator.up(details) : indicator.down(details);
  }
}
