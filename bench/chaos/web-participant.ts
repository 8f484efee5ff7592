import { io, type Socket } from 'socket.io-client';
import { accessToken } from '../../test/support/tokens';

const DOMAIN = process.env.XMPP_DOMAIN ?? 'localhost';

interface StreamActivity {
  id: string;
  type: string;
  object: { type: string; id: string; content?: string };
}

/**
 * A web user as the widget behaves: reconnects by itself, and after each reconnection or `resync` asks `catch-up`
 * from the last event it saw. Records every message it learnt of (live or caught up) by message id, so the bench can
 * tell a message missed from one archived twice (two ids, one body).
 */
export class WebParticipant {
  /** message id → body, whichever way it arrived. */
  readonly messages = new Map<string, string>();
  readonly confirmed: string[] = [];
  readonly refused: string[] = [];
  private lastEventId?: string;
  private socket?: Socket;
  private connectedBefore = false;
  catchUps = 0;

  constructor(readonly user: string) {}

  get jid(): string {
    return `${this.user}@${DOMAIN}`;
  }

  async connect(apiUrl: string): Promise<void> {
    const token = await accessToken(this.user, { expiresIn: '2h' });
    const socket = io(apiUrl, { auth: { token }, transports: ['websocket'], reconnectionDelay: 200, reconnectionDelayMax: 1000, forceNew: true });
    this.socket = socket;
    socket.on('message', (event: { id: string; messageId: string; body: string; replace?: string; retract?: string }) => {
      this.lastEventId = event.id;
      if (!event.replace && !event.retract) this.messages.set(event.messageId, event.body);
    });
    socket.on('connect', () => {
      if (this.connectedBefore) void this.catchUp();
      this.connectedBefore = true;
    });
    socket.on('resync', () => void this.catchUp());
    await new Promise<void>((resolve, reject) => {
      socket.once('connect', () => resolve());
      socket.once('connect_error', reject);
    });
  }

  /** Sends a web message and counts it as sent once the api acknowledged it (queued for XMPP, under an id). */
  async send(to: string, body: string): Promise<void> {
    try {
      const ack = (await this.socket!.timeout(5000).emitWithAck('send-message', { to, body, clientMessageId: body })) as { error?: string };
      if (ack.error) this.refused.push(body);
      else this.confirmed.push(body);
    } catch {
      this.refused.push(body); // no answer: the api was down; the widget would show it unsent
    }
  }

  private async catchUp(): Promise<void> {
    let since = this.lastEventId;
    if (!since) return;
    this.catchUps += 1;
    try {
      for (let page = 0; page < 100; page++) {
        const answer = (await this.socket!.timeout(10_000).emitWithAck('catch-up', { since })) as { activities?: StreamActivity[]; next?: string };
        for (const activity of answer.activities ?? []) {
          this.lastEventId = activity.id;
          if (activity.type === 'Create' && activity.object.type === 'Note') this.messages.set(activity.object.id, activity.object.content ?? '');
        }
        if (!answer.next) return;
        since = answer.next;
      }
    } catch {
      // The next reconnection tries again.
    }
  }

  close(): void {
    this.socket?.disconnect();
  }
}
