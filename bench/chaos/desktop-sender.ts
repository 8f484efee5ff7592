import { client, type Client, xml } from '@xmpp/client';
import { sleep } from '../support/sleep';

const DOMAIN = process.env.XMPP_DOMAIN ?? 'localhost';
/** Messages sent between two confirmations. */
const CONFIRM_EVERY = 10;

/**
 * A desktop user who keeps talking through any outage: reconnects whenever the link drops, and counts a message as
 * sent only once ejabberd answered a ping sent after it on the same stream (the stream is ordered, so ejabberd had
 * routed and archived it). Messages whose confirmation never came are "in doubt": not expected, not a loss.
 */
export class DesktopSender {
  readonly confirmed: string[] = [];
  readonly inDoubt: string[] = [];
  /** Bodies this user received, in order (duplicates kept). */
  readonly received: string[] = [];
  private xmpp?: Client;
  private pending: string[] = [];
  private stopped = false;
  private reconnecting?: Promise<void>;

  constructor(
    readonly user: string,
    private readonly resource: string,
  ) {}

  get jid(): string {
    return `${this.user}@${DOMAIN}`;
  }

  async connect(): Promise<void> {
    for (let attempt = 0; !this.stopped; attempt++) {
      try {
        const xmpp = client({ service: process.env.XMPP_C2S_URL!, domain: DOMAIN, username: this.user, password: 'pw', resource: this.resource });
        xmpp.reconnect.stop();
        xmpp.on('error', () => undefined);
        xmpp.on('stanza', (stanza) => {
          const body = stanza.is('message') ? stanza.getChildText('body') : null;
          if (body) this.received.push(body);
        });
        xmpp.on('offline', () => this.lost(xmpp));
        xmpp.on('disconnect', () => this.lost(xmpp));
        await xmpp.start();
        await xmpp.send(xml('presence'));
        this.xmpp = xmpp;
        return;
      } catch {
        await sleep(Math.min(2000, 200 * (attempt + 1)));
      }
    }
  }

  /** Sends one message; returns false when the link is down (the caller skips this one). */
  async send(to: string, body: string): Promise<boolean> {
    const xmpp = this.xmpp;
    if (!xmpp) return false;
    try {
      await xmpp.send(xml('message', { to, type: 'chat', id: body }, xml('body', {}, body), xml('origin-id', { xmlns: 'urn:xmpp:sid:0', id: body })));
    } catch {
      this.inDoubt.push(body);
      return false;
    }
    this.pending.push(body);
    if (this.pending.length >= CONFIRM_EVERY) await this.confirm();
    return true;
  }

  async confirm(): Promise<void> {
    const xmpp = this.xmpp;
    const batch = this.pending;
    this.pending = [];
    if (batch.length === 0) return;
    if (!xmpp) return void this.inDoubt.push(...batch);
    try {
      await xmpp.iqCaller.request(xml('iq', { type: 'get', to: DOMAIN }, xml('ping', { xmlns: 'urn:xmpp:ping' })), 10_000);
      this.confirmed.push(...batch);
    } catch (error) {
      // An error answer still proves the server read what came before it.
      if ((error as { name?: string }).name === 'StanzaError') this.confirmed.push(...batch);
      else this.inDoubt.push(...batch);
    }
  }

  private lost(xmpp: Client): void {
    if (this.xmpp !== xmpp || this.stopped) return;
    this.xmpp = undefined;
    this.inDoubt.push(...this.pending);
    this.pending = [];
    xmpp.removeAllListeners();
    xmpp.on('error', () => undefined);
    void xmpp.disconnect().catch(() => undefined);
    this.reconnecting ??= this.connect().finally(() => (this.reconnecting = undefined));
  }

  async stop(): Promise<void> {
    await this.confirm();
    this.stopped = true;
    await this.xmpp?.stop().catch(() => undefined);
  }
}
