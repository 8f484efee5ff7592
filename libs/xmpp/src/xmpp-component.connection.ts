import { Injectable, Logger, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import { component, type Component } from '@xmpp/component';
import xml, { type Element } from '@xmpp/xml';
import type { GatewayEnv } from '@chat/config';
import { missingPrivileges, type PrivilegeGrant } from '@chat/domain';
import { NS } from './parsing/namespaces';
import { IqRequests } from './iq-requests';
import { parsePrivilegeGrant } from './privilege-grant.parser';
import { reconnectDelay } from './reconnect-delay';

const MAX_PRIVILEGE_RETRIES = 5;

export type ComponentStatus = 'connecting' | 'online' | 'waiting' | 'stopped';
export type StanzaListener = (stanza: Element) => void;
export type GrantListener = (grant: PrivilegeGrant) => void;

/**
 * The XEP-0114 link to ejabberd. It never blocks the app's boot: it connects in the background, reconnects with
 * backoff and jitter whenever the link drops, and logs every state change (never the secret).
 */
@Injectable()
export class XmppComponentConnection implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger(XmppComponentConnection.name);
  private readonly listeners: StanzaListener[] = [];
  private readonly foreignAnswerListeners: StanzaListener[] = [];
  private readonly grantListeners: GrantListener[] = [];
  /** Unique to this process: the prefix of its IQ ids, so a twin that receives one of its answers can pass it on. */
  readonly requester: string;
  private readonly iq: IqRequests;

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
  private readonly sendingWaiters = new Set<() => void>();
  private privilegeRetries = 0;
  /** Settles when the current link goes, so confirmations pending on it fail at once instead of timing out. */
  private linkGone = new AbortController();

  constructor(config: ConfigService<GatewayEnv, true>) {
    this.options = {
      service: config.get('XMPP_COMPONENT_URL', { infer: true }),
      domain: config.get('XMPP_COMPONENT_DOMAIN', { infer: true }),
      password: config.get('XMPP_COMPONENT_SECRET', { infer: true }),
    };
    this.serverDomain = config.get('XMPP_DOMAIN', { infer: true });
    this.minDelay = config.get('XMPP_RECONNECT_MIN_MS', { infer: true });
    this.maxDelay = config.get('XMPP_RECONNECT_MAX_MS', { infer: true });
    this.requester = `${config.get('GATEWAY_INSTANCE_ID', { infer: true })}.${Math.random().toString(36).slice(2, 8)}`;
    this.iq = new IqRequests(this.requester);
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

  /**
   * Every stanza the server routes to the component reaches the listeners, except the privilege announcement and
   * answers to IQ requests (this process's own are settled here, a twin's go to `onForeignAnswer`).
   */
  onStanza(listener: StanzaListener): void {
    this.listeners.push(listener);
  }

  /** An IQ answer that another process on this component domain asked for (ejabberd routes answers to the domain). */
  onForeignAnswer(listener: StanzaListener): void {
    this.foreignAnswerListeners.push(listener);
  }

  /** A twin passes on an answer to one of this process's requests. */
  acceptRelayedAnswer(answer: Element): void {
    this.iq.accept(answer);
  }

  /** A complete grant the server announced on this link (the grant belongs to the domain: twins share it). */
  onGrant(listener: GrantListener): void {
    this.grantListeners.push(listener);
  }

  /**
   * A grant a twin received. The server announces it once per new connection of the domain, to whichever
   * connection it picks (often not the new one): one that arrives after this link's handshake began holds for it.
   */
  acceptSharedGrant(grant: PrivilegeGrant): void {
    if (this.grant || (this.state !== 'connecting' && this.state !== 'online') || missingPrivileges(grant).length > 0) return;
    this.grant = grant;
    this.logger.log("ejabberd granted this component domain its privileges (announced on a twin gateway's link)");
    this.wakeWaiters();
  }

  async send(stanza: Element): Promise<void> {
    await this.onlineEntity().send(stanza);
  }

  /**
   * Pings the server over the current stream: the answer (a result or an error, either way) proves the server read
   * everything sent before it, since a stream is ordered. A component has no stream management, so this is how a
   * sender knows its stanzas were not lost in a link that was dying.
   */
  async confirm(timeoutMs = 10_000): Promise<void> {
    const entity = this.onlineEntity();
    const gone = this.linkGone.signal;
    let onGone = () => undefined as void;
    try {
      // xmpp.js leaves a request pending until its timeout when the stream closes under it.
      await Promise.race([
        this.ping(entity, this.serverDomain, timeoutMs),
        new Promise((_, reject) => {
          onGone = () => reject(new Error('the link closed'));
          if (gone.aborted) onGone();
          else gone.addEventListener('abort', onGone, { once: true });
        }),
      ]);
    } catch (error) {
      // An error answer is still an answer.
      // eslint-disable-next-line preserve-caught-error -- the message quotes the cause's; a cause would repeat it in the log line
      if ((error as { name?: string }).name !== 'StanzaError') throw new Error(`the server did not confirm: ${(error as Error).message}`);
    } finally {
      gone.removeEventListener('abort', onGone);
    }
  }

  /**
   * XEP-0199 ping of any entity (a user's full JID, say): true when it answers within `timeoutMs`, with a result or
   * an error (both prove a live session read it), false when nothing comes back in time.
   */
  async probe(to: string, timeoutMs: number): Promise<boolean> {
    try {
      await this.ping(this.onlineEntity(), to, timeoutMs);
      return true;
    } catch (error) {
      if ((error as { name?: string }).name === 'StanzaError') return true;
      if ((error as { name?: string }).name === 'TimeoutError') return false;
      throw error;
    }
  }

  /** How many times the link came up: a send and its confirmation on the same number went over one stream. */
  get linkNumber(): number {
    return this.connections;
  }

  /** Whether the component may send messages on users' behalf right now. */
  get canSendOnBehalf(): boolean {
    return this.state === 'online' && this.grant?.permissions.message === 'outgoing';
  }

  /**
   * Resolves once the link is up and the server has granted sending on users' behalf (at once if so); rejects if
   * the signal aborts first. A privileged message sent before the grant would be dropped by the server.
   */
  whenSendingAllowed(signal?: AbortSignal): Promise<void> {
    if (this.canSendOnBehalf) return Promise.resolve();
    return new Promise((resolve, reject) => {
      const waiter = () => {
        signal?.removeEventListener('abort', abort);
        resolve();
      };
      const abort = () => {
        this.sendingWaiters.delete(waiter);
        reject(new Error('stopped waiting for the XMPP link'));
      };
      if (signal?.aborted) return abort();
      signal?.addEventListener('abort', abort, { once: true });
      this.sendingWaiters.add(waiter);
    });
  }

  private onlineEntity(): Component {
    if (this.state !== 'online' || !this.entity) throw new Error('XMPP component is not connected');
    return this.entity;
  }

  private ping(entity: Component, to: string, timeoutMs: number): Promise<Element> {
    return this.iq.request((iq) => entity.send(iq), xml('iq', { type: 'get', to }, xml('ping', { xmlns: NS.ping })), timeoutMs);
  }

  onApplicationBootstrap(): void {
    void this.connect();
  }

  async onApplicationShutdown(): Promise<void> {
    this.setState('stopped', 'gateway shutting down');
    clearTimeout(this.timer);
    this.linkGone.abort();
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
    this.linkGone.abort();
    this.linkGone = new AbortController();
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
    this.linkGone.abort();
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
    if (stanza.is('iq') && (stanza.attrs.type === 'result' || stanza.attrs.type === 'error')) {
      if (!this.iq.accept(stanza) && !this.iq.isOwn(stanza)) this.notify(this.foreignAnswerListeners, stanza);
      return;
    }
    const grant = parsePrivilegeGrant(stanza, this.serverDomain);
    if (grant) {
      this.grant = grant;
      const missing = missingPrivileges(grant);
      const granted = Object.entries(grant.permissions)
        .map(([a, t]) => `${a}=${t}`)
        .join(', ');
      if (missing.length === 0) {
        this.privilegeRetries = 0;
        this.logger.log(`ejabberd granted privileges: ${granted}`);
        this.wakeWaiters();
        this.grantListeners.forEach((listener) => listener(grant));
        return;
      }
      this.logger.error(`ejabberd granted ${granted || 'nothing'}; missing ${missing.join(', ')}`);
      // A server still starting announces its grants before mod_privilege is up: connecting again gets the real
      // ones. A server configured without them keeps the link as it is, degraded, after a few tries.
      if (this.privilegeRetries < MAX_PRIVILEGE_RETRIES && this.entity) {
        this.privilegeRetries += 1;
        const entity = this.entity;
        this.grant = undefined;
        void this.discard(entity, false);
        this.scheduleReconnect('privileges incomplete');
      }
      return;
    }
    this.notify(this.listeners, stanza);
  }

  private notify(listeners: StanzaListener[], stanza: Element): void {
    for (const listener of listeners) {
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

  private wakeWaiters(): void {
    if (!this.canSendOnBehalf) return;
    const waiters = [...this.sendingWaiters];
    this.sendingWaiters.clear();
    waiters.forEach((w) => w());
  }

  private setState(state: ComponentStatus, message: string): void {
    this.state = state;
    this.wakeWaiters();
    if (state === 'waiting') this.logger.warn(message);
    else this.logger.log(message);
  }
}
