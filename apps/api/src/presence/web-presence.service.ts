import { Injectable, Logger, type OnApplicationShutdown, type OnModuleInit } from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import type { ApiEnv } from '@chat/config';
import type { BareJid } from '@chat/domain';
import { InboundJournal } from '@chat/journal';
import { WebSessionRegistry } from '@chat/queues';

/**
 * A web session counts as presence: while a socket is open its user has a resource `web.<socket>`, announced to
 * the mirror as a web-session record (through the journal, so presence has one writer) and renewed in the session
 * registry. A session that vanishes without closing stops being renewed and the gateway drops it within
 * WEB_PRESENCE_TTL_MS plus one reconciliation period.
 */
@Injectable()
export class WebPresence implements OnModuleInit, OnApplicationShutdown {
  private readonly logger = new Logger(WebPresence.name);
  private readonly ttlMs: number;
  /** This instance's open sessions, by full JID. */
  private readonly sessions = new Map<string, { jid: BareJid; socketId: string }>();
  private timer?: NodeJS.Timeout;

  constructor(
    private readonly registry: WebSessionRegistry,
    private readonly journal: InboundJournal,
    config: ConfigService<ApiEnv, true>,
  ) {
    this.ttlMs = config.get('WEB_PRESENCE_TTL_MS', { infer: true });
  }

  onModuleInit(): void {
    this.timer = setInterval(() => void this.renewAll(), Math.floor(this.ttlMs / 3));
  }

  async onApplicationShutdown(): Promise<void> {
    clearInterval(this.timer);
    await Promise.all([...this.sessions.values()].map(({ jid, socketId }) => this.end(jid, socketId)));
  }

  async opened(jid: BareJid, socketId: string): Promise<void> {
    const full = WebSessionRegistry.resourceJid(jid, socketId);
    this.sessions.set(full, { jid, socketId });
    await this.registry.renew([full], Date.now() + this.ttlMs);
    await this.journal.append({ kind: 'web-session', user: jid, sessionId: socketId, open: true, at: Date.now() });
  }

  async closed(jid: BareJid, socketId: string): Promise<void> {
    const full = WebSessionRegistry.resourceJid(jid, socketId);
    this.sessions.delete(full);
    await this.end(jid, socketId);
  }

  private async end(jid: BareJid, socketId: string): Promise<void> {
    await this.registry.remove(WebSessionRegistry.resourceJid(jid, socketId));
    await this.journal.append({ kind: 'web-session', user: jid, sessionId: socketId, open: false, at: Date.now() });
  }

  private async renewAll(): Promise<void> {
    try {
      await this.registry.renew([...this.sessions.keys()], Date.now() + this.ttlMs);
    } catch (error) {
      this.logger.warn(`could not renew ${this.sessions.size} web session(s): ${(error as Error).message}`);
    }
  }
}
