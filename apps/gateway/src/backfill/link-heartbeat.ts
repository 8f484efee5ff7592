import { Injectable, Logger, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import { XmppComponentConnection } from '@chat/xmpp';
import { GapLedger } from './gap-ledger';

export const BEAT_MS = 1000;

/**
 * While this gateway's link to ejabberd is up, it says so once a second (GapLedger): a link that stops beating
 * opens a gap. Each link (each reconnection) beats under a name of its own, so a link that dropped and came back
 * still counts as a gap, however quickly it came back: the copies routed to it meanwhile are gone.
 */
@Injectable()
export class LinkHeartbeat implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger(LinkHeartbeat.name);
  private timer?: NodeJS.Timeout;
  private failing = false;

  constructor(
    private readonly connection: XmppComponentConnection,
    private readonly ledger: GapLedger,
  ) {}

  onApplicationBootstrap(): void {
    this.timer = setInterval(() => void this.beat(), BEAT_MS);
  }

  onApplicationShutdown(): void {
    clearInterval(this.timer);
  }

  private async beat(): Promise<void> {
    if (this.connection.status !== 'online') return;
    try {
      await this.ledger.beat(`${this.connection.requester}#${this.connection.linkNumber}`, Date.now());
      if (this.failing) this.logger.log('link heartbeats recorded again');
      this.failing = false;
    } catch (error) {
      if (!this.failing) this.logger.warn(`cannot record the link's heartbeat: ${(error as Error).message}`);
      this.failing = true;
    }
  }
}
