import { Injectable, Logger, type OnApplicationShutdown, type OnModuleInit } from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import xml from '@xmpp/xml';
import type { ApiEnv } from '@chat/config';
import type { BareJid } from '@chat/domain';
import { InboundJournal, WebSessionRegistry } from '@chat/queues';

/**
 * A web session counts as presence: while a socket is open its user has a resource `web.<socket>`, announced to
 * the mirror as a presence (through the gateway's journal, so presence has one writer) and renewed in the session
 * registry. A session that vanishes without closing stops being renewed and the gateway drops it within
 * WEB_PRESENCE_TTL_MS plus one reconciliation period.
 */
@Injectable()
export class WebPresence implements OnModuleInit, OnApplicationShutdown {
  private readonly logger = new Logger(WebPresence.name);
  private readonly ttlMs: number;
  private readonly sessions = new Set<string>();
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
    await Promise.all([...this.sessions].map((full) => this.end(full)));
  }

  async opened(jid: BareJid, socketId: string): Promise<void> {
    const full = WebSessionRegistry.resourceJid(jid, socketId);
    this.sessions.add(full);
    await this.registry.renew([full], Date.now() + this.ttlMs);
    await this.journalPresence(full, true);
  }

  async closed(jid: BareJid, socketId: string): Promise<void> {
    const full = WebSessionRegistry.resourceJid(jid, socketId);
    this.sessions.delete(full);
    await this.end(full);
  }

  private async end(full: string): Promise<void> {
    await this.registry.remove(full);
    await this.journalPresence(full, false);
  }

  private async journalPresence(full: string, available: boolean): Promise<void> {
    await this.journal.append({ kind: 'stanza', xml: xml('presence', { from: full, ...(available ? {} : { type: 'unavailable' }) }).toString() });
  }

  private async renewAll(): Promise<void> {
    try {
      await this.registry.renew([...this.sessions], Date.now() + this.ttlMs);
    } catch (error) {
      this.logger.warn(`could not renew ${this.sessions.size} web session(s): ${(error as Error).message}`);
    }
  }
}
