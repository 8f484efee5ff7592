import { Inject, Injectable, Logger, type OnApplicationShutdown, type OnModuleInit } from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import type { Redis } from 'ioredis';
import { parse } from 'ltx';
import type { GatewayEnv } from '@chat/config';
import type { PrivilegeGrant } from '@chat/domain';
import { REDIS_CLIENT } from '@chat/redis';
import { IqRequests, XmppComponentConnection } from '@chat/xmpp';

/**
 * What gateways attached to one component domain pass each other over Redis pub/sub, because ejabberd routes
 * stanzas to the domain and picks any of its connections (see the shared notes on several component connections):
 * - answers to another gateway's IQ requests (its confirmation and presence pings), to the gateway whose id they carry;
 * - the privilege grant (XEP-0356 §4), announced once per new connection but to any connection of the domain.
 * Both are live-only: an answer relayed late is as good as lost (the request times out and is retried), and a grant
 * is announced again on the next connection.
 */
@Injectable()
export class ComponentTwins implements OnModuleInit, OnApplicationShutdown {
  private readonly logger = new Logger(ComponentTwins.name);
  private readonly subscriber: Redis;
  private readonly channelPrefix: string;

  constructor(
    @Inject(REDIS_CLIENT) private readonly redis: Redis,
    private readonly connection: XmppComponentConnection,
    config: ConfigService<GatewayEnv, true>,
  ) {
    this.channelPrefix = `${config.get('QUEUE_PREFIX', { infer: true })}:component:${config.get('XMPP_COMPONENT_DOMAIN', { infer: true })}`;
    this.subscriber = redis.duplicate();
  }

  private answersFor(requester: string): string {
    return `${this.channelPrefix}:answers:${requester}`;
  }

  private get grants(): string {
    return `${this.channelPrefix}:grants`;
  }

  async onModuleInit(): Promise<void> {
    this.subscriber.on('message', (channel: string, payload: string) => this.received(channel, payload));
    this.subscriber.on('error', () => undefined); // ioredis reconnects and resubscribes by itself
    await this.subscriber.subscribe(this.answersFor(this.connection.requester), this.grants);
    this.connection.onForeignAnswer((answer) => {
      const owner = IqRequests.ownerOf(String(answer.attrs.id ?? ''));
      if (owner) void this.redis.publish(this.answersFor(owner), answer.toString()).catch(() => undefined);
    });
    this.connection.onGrant((grant) => {
      void this.redis.publish(this.grants, JSON.stringify({ from: this.connection.requester, grant })).catch(() => undefined);
    });
  }

  onApplicationShutdown(): void {
    this.subscriber.disconnect();
  }

  private received(channel: string, payload: string): void {
    try {
      if (channel === this.grants) {
        const { from, grant } = JSON.parse(payload) as { from: string; grant: PrivilegeGrant };
        if (from !== this.connection.requester) this.connection.acceptSharedGrant(grant);
      } else {
        this.connection.acceptRelayedAnswer(parse(payload));
      }
    } catch (error) {
      this.logger.warn(`unreadable message from a twin gateway on ${channel}: ${(error as Error).message}`);
    }
  }
}
