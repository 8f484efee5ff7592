import { Injectable, Logger, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import type { GatewayEnv } from '@chat/config';
import { InboundJournal, WebSessionRegistry } from '@chat/queues';
import { EjabberdAdminApi } from '@chat/xmpp';

/**
 * ejabberd tells the component when a client announces it is leaving, but not when its connection just drops (a
 * closed laptop, a lost network). Every PRESENCE_RECONCILE_MS this journals the list of connected sessions; the
 * mirror marks resources that are no longer listed offline, so no badge stays "online" for longer than that. Web
 * sessions the api instances still renew are listed with them.
 */
@Injectable()
export class SessionReconciler implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger(SessionReconciler.name);
  private readonly periodMs: number;
  private timer?: NodeJS.Timeout;
  private failing = false;

  constructor(
    private readonly api: EjabberdAdminApi,
    private readonly journal: InboundJournal,
    private readonly webSessions: WebSessionRegistry,
    config: ConfigService<GatewayEnv, true>,
  ) {
    this.periodMs = config.get('PRESENCE_RECONCILE_MS', { infer: true });
  }

  onApplicationBootstrap(): void {
    this.schedule(0);
  }

  onApplicationShutdown(): void {
    clearTimeout(this.timer);
    this.timer = undefined;
  }

  private schedule(delay: number): void {
    this.timer = setTimeout(() => void this.snapshot().finally(() => this.timer && this.schedule(this.periodMs)), delay);
  }

  private async snapshot(): Promise<void> {
    const takenAt = Date.now();
    try {
      const [sessions, web] = await Promise.all([this.api.connectedSessions(), this.webSessions.alive(takenAt)]);
      await this.journal.append({
        kind: 'sessions',
        takenAt,
        sessions: [
          ...sessions.map((s) => ({ jid: s.jid, show: s.status, status: s.statustext || undefined, priority: Number(s.priority) || 0 })),
          // Web sessions whose api instance stopped renewing them are not listed, so they go offline too.
          ...web.map((jid) => ({ jid, show: 'available', priority: 0 })),
        ],
      });
      this.logger.debug(`journaled ejabberd's ${sessions.length} connected session(s)`);
      if (this.failing) this.logger.log('ejabberd session list available again');
      this.failing = false;
    } catch (error) {
      // Without the list nothing is marked offline: better a late offline than a false one.
      if (!this.failing) this.logger.warn(`cannot read ejabberd's sessions: ${(error as Error).message}`);
      this.failing = true;
    }
  }
}
