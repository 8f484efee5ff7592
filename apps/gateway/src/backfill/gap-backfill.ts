import { createHash } from 'node:crypto';
import { Injectable, Logger, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import type { Element } from '@xmpp/xml';
import { parse } from 'ltx';
import type { GatewayEnv } from '@chat/config';
import { InboundJournal } from '@chat/journal';
import { type ArchivedStanza, EjabberdArchive, NS, serviceLogCopy } from '@chat/xmpp';
import { ActiveGatewayLease } from '../pairing/active-gateway-lease';
import { type Gap, GapLedger } from './gap-ledger';
import { BEAT_MS } from './link-heartbeat';

/** A link silent this long is gone (three missed beats). */
const STALE_MS = 3 * BEAT_MS;
const PAGE = 500;
const RETRY_MS = 5000;

/**
 * Closes every gap from ejabberd's own archive (issue 11, item 3): when no gateway was there to receive the copies
 * (mod_service_log drops them), ejabberd's mod_mam still archived the messages. The active gateway reads what was
 * archived during the gap, with a margin on both sides, and journals each row again as the service-log copy it
 * stands for: the mirror archives it under the same id as a live copy, so the overlap is a no-op, and web users
 * receive what was missing live, as any new message. Rows are ejabberd's stanzas as sent (with their ids), dated
 * by the archive (XEP-0203 delay), for 1:1 chats and rooms alike.
 *
 * Typing notices and read markers are not archived by ejabberd and are not recovered.
 */
@Injectable()
export class GapBackfill implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger(GapBackfill.name);
  private readonly marginMs: number;
  private readonly componentDomain: string;
  private readonly serverDomain: string;
  private timer?: NodeJS.Timeout;
  private stopped = false;
  /** The last archive failure, for readiness: a gap that cannot be read is not a silent skip. */
  private failure?: string;

  constructor(
    private readonly ledger: GapLedger,
    private readonly archive: EjabberdArchive,
    private readonly journal: InboundJournal,
    private readonly lease: ActiveGatewayLease,
    config: ConfigService<GatewayEnv, true>,
  ) {
    this.marginMs = config.get('BACKFILL_MARGIN_MS', { infer: true });
    this.componentDomain = config.get('XMPP_COMPONENT_DOMAIN', { infer: true });
    this.serverDomain = config.get('XMPP_DOMAIN', { infer: true });
  }

  get lastFailure(): string | undefined {
    return this.failure;
  }

  onApplicationBootstrap(): void {
    this.schedule(BEAT_MS);
  }

  onApplicationShutdown(): void {
    this.stopped = true;
    clearTimeout(this.timer);
  }

  private schedule(delay: number): void {
    if (this.stopped) return;
    this.timer = setTimeout(() => void this.tick().then((next) => this.schedule(next)), delay);
  }

  /** One sweep and the backfill of every gap that is due; returns when to come again. */
  private async tick(): Promise<number> {
    if (!this.lease.active) return BEAT_MS;
    try {
      const now = Date.now();
      const { opened, closed } = await this.ledger.sweep(now, STALE_MS, this.marginMs);
      for (const gap of opened) this.logger.warn(`component link ${gap.link} went silent at ${iso(gap.from + this.marginMs)}: a gap is open`);
      for (const gap of closed) this.logger.log(`a component link is back: the gap from ${iso(gap.from)} closes at ${iso(gap.to!)}`);
      for (const gap of await this.ledger.all()) {
        if (gap.to === undefined || gap.to > Date.now() || this.stopped || !this.lease.active) continue;
        await this.backfill(gap);
      }
      this.failure = undefined;
      return BEAT_MS;
    } catch (error) {
      this.failure = (error as Error).message;
      this.logger.error(`backfill from ejabberd's archive failed, retrying in ${RETRY_MS} ms: ${this.failure}`);
      return RETRY_MS;
    }
  }

  private async backfill(gap: Gap): Promise<void> {
    const started = Date.now();
    const seen = new Set<string>();
    let rows = 0;
    let unreadable = 0;
    for (;;) {
      const page = await this.archive.between(BigInt(gap.from) * 1000n, BigInt(gap.to!) * 1000n, gap.cursor, PAGE);
      if (page.length === 0) break;
      const copies: string[] = [];
      for (const row of page) {
        const copy = this.copyOf(row);
        if (!copy) unreadable += 1;
        else {
          copies.push(copy);
          // A 1:1 message is archived once per party, with the same stanza: count it once.
          seen.add(createHash('sha1').update(row.xml).digest('base64'));
        }
      }
      await this.journal.appendAll(copies.map((copy) => ({ kind: 'stanza' as const, xml: copy })));
      rows += page.length;
      const last = page[page.length - 1];
      gap.cursor = { timestamp: last.timestamp, id: last.id };
      gap.messages = (gap.messages ?? 0) + page.length;
      await this.ledger.save(gap);
      if (this.stopped || !this.lease.active) return; // the successor resumes at the cursor
    }
    await this.ledger.remove(gap.id);
    const length = ((gap.to! - gap.from) / 1000).toFixed(1);
    this.logger.warn(
      `gap of ${length} s (${iso(gap.from)} to ${iso(gap.to!)}, margins included) backfilled from ejabberd's archive: ` +
        `${seen.size} message(s) from ${rows} archived row(s) journaled again${unreadable ? `, ${unreadable} unreadable row(s) skipped` : ''}, in ${Date.now() - started} ms`,
    );
  }

  /** The service-log copy an archived row stands for, dated by the archive; undefined when the row is not a message. */
  private copyOf(row: ArchivedStanza): string | undefined {
    let message: Element;
    try {
      message = parse(row.xml);
    } catch {
      return undefined;
    }
    if (!message.is('message')) return undefined;
    if (!message.getChild('delay', NS.delay)) {
      const stamp = new Date(Number(BigInt(row.timestamp) / 1000n)).toISOString();
      message.c('delay', { xmlns: NS.delay, from: this.serverDomain, stamp });
    }
    return serviceLogCopy(message, this.componentDomain, this.serverDomain).toString();
  }
}

function iso(ms: number): string {
  return new Date(ms).toISOString();
}
