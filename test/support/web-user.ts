import { io, type Socket } from 'socket.io-client';
import { eventually } from './stack';
import { accessToken } from './tokens';

/** A person in the intranet: a Socket.IO client of the api, recording every event it receives. */
export class WebUser {
  readonly events: Array<{ name: string; payload: Record<string, unknown> }> = [];

  private constructor(
    readonly socket: Socket,
    /** The user's bare JID on the test domain. */
    readonly jid: string,
  ) {
    socket.onAny((name: string, payload: Record<string, unknown>) => this.events.push({ name, payload }));
  }

  static async connect(apiUrl: string, user: string): Promise<WebUser> {
    const socket = io(apiUrl, { auth: { token: await accessToken(user) }, transports: ['websocket'], reconnection: false, forceNew: true });
    await new Promise<void>((resolve, reject) => {
      socket.once('connect', () => resolve());
      socket.once('connect_error', reject);
    });
    return new WebUser(socket, `${user}@${process.env.XMPP_DOMAIN ?? 'localhost'}`);
  }

  of(name: string): Array<Record<string, unknown>> {
    return this.events.filter((e) => e.name === name).map((e) => e.payload);
  }

  async waitFor(name: string, count: number, what = `${count} '${name}' events`, timeoutMs = 20_000): Promise<Array<Record<string, unknown>>> {
    return eventually(what, async () => (this.of(name).length >= count ? this.of(name) : undefined), timeoutMs);
  }

  request(event: string, body?: unknown): Promise<Record<string, unknown>> {
    return this.socket.timeout(5000).emitWithAck(event, body);
  }

  close(): void {
    this.socket.disconnect();
  }
}
