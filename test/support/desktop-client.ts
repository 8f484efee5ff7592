import { client, type Client, xml } from '@xmpp/client';
import type { Element } from '@xmpp/xml';
import { stack } from './stack';

/** A desktop XMPP user (as Gajim or Psi would be) on the test stack's ejabberd, through @xmpp/client. */
export class DesktopClient {
  readonly received: Element[] = [];
  private constructor(
    readonly jid: string,
    private readonly xmpp: Client,
  ) {}

  static async connect(user: string, resource: string, password = 'pw'): Promise<DesktopClient> {
    const domain = process.env.XMPP_DOMAIN ?? 'localhost';
    const xmpp = client({ service: process.env.XMPP_C2S_URL!, domain, username: user, password, resource });
    xmpp.reconnect.stop();
    xmpp.on('error', () => undefined);
    const desktop = new DesktopClient(`${user}@${domain}`, xmpp);
    xmpp.on('stanza', (stanza: Element) => {
      if (stanza.name === 'message') desktop.received.push(stanza);
    });
    await xmpp.start();
    return desktop;
  }

  async presence(options: { show?: string; status?: string; priority?: number; type?: 'unavailable' } = {}): Promise<void> {
    await this.xmpp.send(
      xml(
        'presence',
        options.type ? { type: options.type } : {},
        options.show ? xml('show', {}, options.show) : null,
        options.status ? xml('status', {}, options.status) : null,
        options.priority !== undefined ? xml('priority', {}, String(options.priority)) : null,
      ),
    );
  }

  async chat(to: string, id: string, body: string, ...extra: Element[]): Promise<void> {
    await this.xmpp.send(xml('message', { to, type: 'chat', id }, xml('body', {}, body), ...extra));
  }

  async send(stanza: Element): Promise<void> {
    await this.xmpp.send(stanza);
  }

  async joinRoom(room: string, nick: string): Promise<void> {
    await this.xmpp.send(xml('presence', { to: `${room}/${nick}` }, xml('x', { xmlns: 'http://jabber.org/protocol/muc' })));
  }

  async groupchat(room: string, id: string, body: string): Promise<void> {
    await this.xmpp.send(xml('message', { to: room, type: 'groupchat', id }, xml('body', {}, body)));
  }

  /** Ends the session the way a closed laptop does: the connection goes, no unavailable presence is sent. */
  async drop(): Promise<void> {
    await this.xmpp.disconnect();
  }

  async stop(): Promise<void> {
    await this.xmpp.stop().catch(() => undefined);
  }
}

/** Registers fresh users for one suite, so no roster, room or offline message of an earlier run gets in the way. */
export async function registerUsers(...names: string[]): Promise<string[]> {
  const suffix = Date.now().toString(36);
  const users = names.map((n) => `${n}_${suffix}`);
  for (const user of users) await stack('register', user, 'pw');
  return users;
}

export { xml };
