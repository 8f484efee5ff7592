import { Injectable, Logger, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import { component, type Component } from '@xmpp/component';
import type { Element } from '@xmpp/xml';
import type { GatewayEnv } from '@chat/config';
import { missingPrivileges, type PrivilegeGrant } from '@chat/domain';
import { parsePrivilegeGrant } from './privilege-grant.parser';
import { reconnectDelay } from './reconnect-delay';

export type ComponentStatus = 'connecting' | 'online' | 'waiting' | 'stopped';
export type StanzaListener = (stanza: Element) => void;

/**
 * The XEP-0114 link to ejabberd. It never blocks the app's boot: it connects in the background, reconnects with
 * backoff and jitter whenever the link drops, and logs every state change (never the secret).
 */
@Injectable()
export class XmppComponentConnection implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger(XmppComponentConnection.name);
  private readonly listeners: StanzaListener[] = [];
  private readonly options: { service: string; domain: string; password: string };
  private readonly serverDomain: string;
  private readonly minDelay: number;
  private readonly maxDelay: number;
  private entity?: Component;
  private timer?: NodeJS.Timeout;
  private failures = 0;
  private grant?: PrivilegeGrant;
  private state: ComponentStatus = 'waiting';
  private onlineSince?: Date;
  private connections = 0;

  constructor(config: ConfigService<GatewayEnv, true>) {
    this.options = {
      service: config.get('XMPP_COMPONENT_URL', { infer: true }),
      domain: config.get('XMPP_COMPONENT_DOMAIN', { infer: true }),
      password: config.get('XMPP_COMPONENT_SECRET', { infer: true }),
    };
    this.serverDomain = config.get('XMPP_DOMAIN', { infer: true });
    this.minDelay = config.get('XMPP_RECONNECT_MIN_MS', { infer: true });
    this.maxDelay = config.get('XMPP_RECONNECT_MAX_MS', { infer: true });
  }

  get status(): ComponentStatus {
    return this.state;
  }

  /** The privileges the server announced on the current connection. */
  get privileges(): PrivilegeGrant | undefined {
    return this.grant;
  }

  get details() {
    return {
      link: this.state,
      domain: this.options.domain,
      service: this.options.service,
      onlineSince: this.onlineSince?.toISOString(),
      connections: this.connections,
      privileges: this.grant?.permissions,
      missingPrivileges: this.grant ? missingPrivileges(this.grant) : undefined,
    };
  }

  /** Every stanza the server routes to the component, except the privilege announcement, reaches the listeners. */
  onStanza(listener: StanzaListener): void {
    this.listeners.push(listener);
  }

  async send(stanza: Element): Promise<void> {
    if (this.state !== 'online' || !this.entity) throw new Error('XMPP component is not connected');
    await this.entity.send(stanza);
  }

  onApplicationBootstrap(): void {
    void this.connect();
  }

  async onApplicationShutdown(): Promise<void> {
    this.setState('stopped', 'gateway shutting down');
    clearTimeout(this.timer);
    await this.discard(this.entity, true);
  }

  private async connect(): Promise<void> {
    if (this.state === 'stopped') return;
    this.setState('connecting', `connecting to ${this.options.service} as ${this.options.domain}`);
    const entity = component(this.options);
    // xmpp.js's own reconnect retries once at a fixed delay and gives up if the server is still down.
    entity.reconnect.stop();
    entity.on('error', (error: Error) => this.logger.warn(`XMPP component error: ${error.message}`));
    entity.on('stanza', (stanza: Element) => this.dispatch(stanza));
    entity.on('disconnect', () => {
      if (this.entity !== entity || this.state === 'stopped') return;
      this.grant = undefined;
      void this.discard(entity, false);
      this.scheduleReconnect('link to ejabberd lost');
    });
    this.entity = entity;
    try {
      await entity.start();
      this.failures = 0;
      this.connections += 1;
      this.onlineSince = new Date();
      this.setState('online', `handshake with ${this.options.service} complete, component ${this.options.domain} online`);
    } catch (error) {
      // The app may have shut down while the handshake was in flight.
      if (this.entity !== entity || (this.state as ComponentStatus) === 'stopped') return;
      await this.discard(entity, false);
      this.scheduleReconnect(`handshake failed: ${(error as Error).message}`);
    }
  }

  private scheduleReconnect(reason: string): void {
    if (this.state === 'stopped') return;
    const delay = reconnectDelay(this.failures, this.minDelay, this.maxDelay);
    this.failures += 1;
    this.entity = undefined;
    this.onlineSince = undefined;
    this.setState('waiting', `${reason}; reconnecting in ${delay} ms (attempt ${this.failures})`);
    clearTimeout(this.timer);
    this.timer = setTimeout(() => void this.connect(), delay);
  }

  private dispatch(stanza: Element): void {
    const grant = parsePrivilegeGrant(stanza, this.serverDomain);
    if (grant) {
      this.grant = grant;
      const missing = missingPrivileges(grant);
      const granted = Object.entries(grant.permissions).map(([a, t]) => `${a}=${t}`).join(', ');
      if (missing.length) this.logger.error(`ejabberd granted ${granted}; missing ${missing.join(', ')}`);
      else this.logger.log(`ejabberd granted privileges: ${granted}`);
      return;
    }
    for (const listener of this.listeners) {
      try {
        listener(stanza);
      } catch (error) {
        this.logger.error(`stanza listener failed: ${(error as Error).message}`);
      }
    }
  }

  private async discard(entity: Component | undefined, graceful: boolean): Promise<void> {
    if (!entity) return;
    entity.removeAllListeners();
    entity.on('error', () => undefined);
    try {
      if (graceful && entity.status === 'online') await entity.stop();
      else await entity.disconnect();
    } catch {
      // The socket is already gone; nothing to release.
    }
  }

  private setState(state: ComponentStatus, message: string): void {
    this.state = state;
    if (state === 'waiting') this.logger.warn(message);
    else this.logger.log(message);
  }
}
