import { Injectable, Logger, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import type { GatewayEnv } from '@chat/config';
import { InboundJournal } from '@chat/journal';
import { WebSessionRegistry } from '@chat/queues';
import { EjabberdAdminApi } from '@chat/xmpp';
import { ActiveGatewayLease } from '../pairing/active-gateway-lease';
import { DesktopSessionProbe } from './desktop-session-probe';

/**
 * ejabberd tells the component when a client announces it is leaving, but not when its connection just drops (a
 * closed laptop, a lost network). Every PRESENCE_RECONCILE_MS this journals the list of connected sessions; the
 * mirror marks resources that are no longer listed offline, so no badge stays "online" for longer than that. Web
 * sessions the api instances still renew are listed with them. ejabberd keeps listing a client that died with stream
 * management on (XEP-0198 §5: its session waits resume_timeout for the client to resume), so listed sessions that
 * stopped answering pings are left out while they stay silent, and come back when they answer again (resumed).
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
    private readonly probe: DesktopSessionProbe,
    private readonly lease: ActiveGatewayLease,
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
    // One reconciler per component domain: twins' snapshots, each with its own pings, would contradict each other.
    if (!this.lease.active) return;
    const takenAt = Date.now();
    try {
      const [listed, web] = await Promise.all([this.api.connectedSessions(), this.webSessions.alive(takenAt)]);
      // Sessions that said "unavailable" count for nothing anyway: no ping for them.
      const unreachable = await this.probe.unreachable(listed.filter((s) => s.status !== 'unavailable').map((s) => s.jid));
      const sessions = listed.filter((s) => !unreachable.has(s.jid));
      await this.journal.append({
        kind: 'sessions',
        takenAt,
        sessions: [
          ...sessions.map((s) => ({ jid: s.jid, show: s.status, status: s.statustext || undefined, priority: Number(s.priority) || 0 })),
          // Web sessions whose api instance stopped renewing them are not listed, so they go offline too.
          ...web.map((jid) => ({ jid, show: 'available', priority: 0 })),
        ],
      });
      this.logger.debug(`journaled ${sessions.length} of ejabberd's ${listed.length} connected session(s), ${unreachable.size} left out as unreachable`);
      if (this.failing) this.logger.log('ejabberd session list available again');
      this.failing = false;
    } catch (error) {
      // Without the list nothing is marked offline: better a late offline than a false one.
      if (!this.failing) this.logger.warn(`cannot read ejabberd's sessions: ${(error as Error).message}`);
      this.failing = true;
    }
  }
}
