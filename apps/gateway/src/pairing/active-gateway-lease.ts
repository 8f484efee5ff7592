import { Inject, Injectable, Logger, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import type { Redis } from 'ioredis';
import type { GatewayEnv } from '@chat/config';
import { REDIS_CLIENT } from '@chat/redis';

/** Extends the lease only while this process still holds it (a compare-and-set: another may have taken it). */
const RENEW = `if redis.call('GET', KEYS[1]) == ARGV[1] then return redis.call('PEXPIRE', KEYS[1], ARGV[2]) else return 0 end`;
const RELEASE = `if redis.call('GET', KEYS[1]) == ARGV[1] then return redis.call('DEL', KEYS[1]) else return 0 end`;

/**
 * Which of the gateways attached to one component domain is the active one: it alone drains the journal into the
 * archive, sends web users' stanzas and reconciles sessions, so the mirror runs once and sends go out in order. Every
 * gateway journals what it receives, active or not (ejabberd spreads a domain's stanzas over its connections).
 *
 * The lease is a Redis key with a time to live of GATEWAY_LEASE_MS, renewed every third of it. A holder that cannot
 * renew stops counting itself active after half of it, before the key can expire and a twin take over; a holder
 * that dies is replaced once the key expires. Standbys try to take it every third of the lease.
 */
@Injectable()
export class ActiveGatewayLease implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger(ActiveGatewayLease.name);
  private readonly key: string;
  private readonly holder: string;
  private readonly leaseMs: number;
  private timer?: NodeJS.Timeout;
  /** Until when this process counts itself active (local clock): half a lease after the last renewal began. */
  private activeUntil = 0;
  private stopped = false;
  private readonly waiters = new Set<() => void>();

  constructor(
    @Inject(REDIS_CLIENT) private readonly redis: Redis,
    config: ConfigService<GatewayEnv, true>,
  ) {
    this.key = `${config.get('QUEUE_PREFIX', { infer: true })}:active-gateway:${config.get('XMPP_COMPONENT_DOMAIN', { infer: true })}`;
    this.leaseMs = config.get('GATEWAY_LEASE_MS', { infer: true });
    // The instance id names the holder; a random suffix keeps a restarted process from taking its old lease for its own.
    this.holder = `${config.get('GATEWAY_INSTANCE_ID', { infer: true })}:${process.pid}:${Math.random().toString(36).slice(2, 10)}`;
  }

  get active(): boolean {
    return !this.stopped && Date.now() < this.activeUntil;
  }

  /** How long a dead holder's work can stay unfinished before its successor may take it over. */
  get takeoverIdleMs(): number {
    return Math.floor(this.leaseMs / 2);
  }

  /** Resolves once this process is the active gateway; rejects when the signal aborts first. */
  whenActive(signal: AbortSignal): Promise<void> {
    if (this.active) return Promise.resolve();
    return new Promise((resolve, reject) => {
      const waiter = () => {
        signal.removeEventListener('abort', abort);
        resolve();
      };
      const abort = () => {
        this.waiters.delete(waiter);
        reject(new Error('stopped waiting to be the active gateway'));
      };
      if (signal.aborted) return abort();
      signal.addEventListener('abort', abort, { once: true });
      this.waiters.add(waiter);
    });
  }

  onApplicationBootstrap(): void {
    void this.tick();
  }

  async onApplicationShutdown(): Promise<void> {
    this.stopped = true;
    clearTimeout(this.timer);
    // Handing over at once instead of after the lease runs out: the twin takes over within a third of a lease.
    await this.redis.eval(RELEASE, 1, this.key, this.holder).catch(() => undefined);
  }

  private async tick(): Promise<void> {
    if (this.stopped) return;
    const started = Date.now();
    const wasActive = this.active;
    try {
      let held = this.activeUntil > 0 && (await this.redis.eval(RENEW, 1, this.key, this.holder, this.leaseMs)) === 1;
      if (!held) held = (await this.redis.set(this.key, this.holder, 'PX', this.leaseMs, 'NX')) === 'OK';
      if (held) {
        this.activeUntil = started + this.takeoverIdleMs;
        if (!wasActive) {
          this.logger.log(`this gateway (${this.holder}) is now the active one`);
          [...this.waiters].forEach((w) => w());
          this.waiters.clear();
        }
      } else {
        if (wasActive) this.logger.warn('another gateway holds the lease now; this one stands by');
        this.activeUntil = 0;
      }
    } catch (error) {
      if (wasActive) this.logger.warn(`cannot renew the active gateway lease (${(error as Error).message})`);
    }
    if (!this.stopped) this.timer = setTimeout(() => void this.tick(), Math.floor(this.leaseMs / 3));
  }
}
