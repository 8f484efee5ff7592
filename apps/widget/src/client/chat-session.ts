import { io, type Socket } from 'socket.io-client';
import { activityToMessageEvent } from './activity-events';
import { Listeners } from './listeners';
import { PresenceWatch } from './presence-watch';
import {
  type ChatStateEvent,
  type ClientRequestName,
  type MessageEvent,
  type PresenceEvent,
  type ReadEvent,
  RequestRefused,
  type SendFailedEvent,
  type ServerEventListeners,
  type WebAcknowledgement,
  type WebAnswer,
  type WebRequest,
} from './protocol';
import { RecentEvents } from './recent-events';
import type { TokenSource } from './token-source';

/** `connecting` until the first connection, `reconnecting` after losing one, `signed-out` when a token cannot be renewed. */
export type ConnectionState = 'connecting' | 'online' | 'reconnecting' | 'signed-out' | 'closed';

export interface SessionEvents extends Record<string, unknown> {
  state: ConnectionState;
  message: MessageEvent;
  chatstate: ChatStateEvent;
  read: ReadEvent;
  'send-failed': SendFailedEvent;
  /** After a reconnection, once what was missed is replayed (`caughtUp`) or could not be: views refresh their lists. */
  resync: { caughtUp: boolean };
}

/** Requests go out through `request`, which types each by its name (Socket.IO's typing cannot follow a generic name). */
type RequestEmits = Record<string, (body: unknown, ack: (answer: unknown) => void) => void>;

const REQUEST_TIMEOUT_MS = 15_000;
const RETRY_MIN_MS = 500;
const RETRY_MAX_MS = 15_000;
const CATCH_UP_PAGES = 10;

/**
 * One Socket.IO connection to the api for a page (shared by every badge and panel with the same service and
 * token): requests with acknowledgements, live events with duplicates dropped, token renewal, reconnection, and
 * catch-up from the last event seen after each reconnection.
 */
export class ChatSession {
  readonly events = new Listeners<SessionEvents>();
  readonly presence: PresenceWatch;
  private readonly socket: Socket<ServerEventListeners, RequestEmits>;
  private readonly recent = new RecentEvents();
  private current: ConnectionState = 'connecting';
  private me: string | undefined;
  private readonly meKnown: Promise<string>;
  private resolveMe!: (jid: string) => void;
  private connectedBefore = false;
  private retries = 0;
  private retryTimer: ReturnType<typeof setTimeout> | undefined;

  constructor(
    readonly service: string,
    private readonly tokens: TokenSource,
  ) {
    this.meKnown = new Promise((resolve) => (this.resolveMe = resolve));
    const url = new URL(service, location.href);
    this.socket = io(url.origin, {
      // A service behind a path prefix (https://intranet/chat) keeps Socket.IO under that prefix.
      path: `${url.pathname.replace(/\/+$/, '')}/socket.io`,
      transports: ['websocket'],
      autoConnect: false,
      reconnectionDelay: RETRY_MIN_MS,
      reconnectionDelayMax: RETRY_MAX_MS,
      auth: (send) => {
        this.tokens.token().then(
          (token) => send({ token }),
          (error: Error) => {
            console.warn('chat-widget: no token:', error.message);
            send({});
          },
        );
      },
    });
    this.presence = new PresenceWatch(
      (name, body) => this.request(name, body),
      () => this.socket.connected,
    );
    this.listen();
    this.socket.connect();
  }

  get state(): ConnectionState {
    return this.current;
  }

  /** The signed-in user's bare JID, once the server said it. */
  get jid(): string | undefined {
    return this.me;
  }

  whenSignedIn(): Promise<string> {
    return this.meKnown;
  }

  /**
   * A request of the web protocol (its name sets what it takes and answers), answered through its acknowledgement;
   * a refusal (`{ error, message }`) rejects with RequestRefused.
   */
  async request<N extends ClientRequestName>(name: N, body: WebRequest<N>, timeoutMs = REQUEST_TIMEOUT_MS): Promise<WebAnswer<N>> {
    await this.connected(timeoutMs);
    const answer = (await this.socket.timeout(timeoutMs).emitWithAck(name, body)) as WebAcknowledgement<N>;
    if (answer && typeof answer === 'object' && 'error' in answer && typeof answer.error === 'string') {
      throw new RequestRefused(answer.error, answer.message);
    }
    return answer as WebAnswer<N>;
  }

  close(): void {
    clearTimeout(this.retryTimer);
    this.setState('closed');
    this.socket.disconnect();
  }

  private listen(): void {
    const socket = this.socket;
    socket.on('connect', () => void this.onConnect());
    socket.on('disconnect', (reason) => {
      if (this.current === 'closed' || this.current === 'signed-out') return;
      this.setState(this.connectedBefore ? 'reconnecting' : 'connecting');
      // Socket.IO reconnects by itself after a lost transport, not when the server closed the socket.
      if (reason === 'io server disconnect') this.retryLater();
    });
    socket.on('connect_error', (error: Error & { data?: { reason?: string } }) => {
      if (this.current === 'closed') return;
      if (socket.active) return this.setState(this.connectedBefore ? 'reconnecting' : 'connecting');
      if (error.message.startsWith('unauthorized')) {
        if (!this.tokens.renewable) return this.signOut();
        this.tokens.invalidate();
      }
      this.setState(this.connectedBefore ? 'reconnecting' : 'connecting');
      this.retryLater();
    });
    socket.on('session-expired', () => {
      if (!this.tokens.renewable) return this.signOut();
      this.tokens.invalidate();
      // The server closes the socket next; reconnect at once with a fresh token.
      this.retries = 0;
    });
    socket.on('message', (event: MessageEvent) => this.acceptMessage(event));
    socket.on('chatstate', (event: ChatStateEvent) => this.events.emit('chatstate', event));
    socket.on('read', (event: ReadEvent) => this.recent.accept(event.id) && this.events.emit('read', event));
    socket.on('presence', (event: PresenceEvent) => this.presence.apply(event));
    socket.on('send-failed', (event: SendFailedEvent) => this.events.emit('send-failed', event));
    // The server may have missed events for this socket (its link to Redis came back): replay as after a reconnect.
    socket.on('resync', () => void this.resync());
  }

  private async resync(): Promise<void> {
    this.presence.resubscribe();
    this.events.emit('resync', { caughtUp: await this.catchUp() });
  }

  private async onConnect(): Promise<void> {
    this.retries = 0;
    clearTimeout(this.retryTimer);
    try {
      const hello = await this.request('ping', {});
      this.me = hello.jid;
      this.resolveMe(hello.jid);
    } catch {
      // The next reconnection tries again; requests meanwhile wait for the link.
      return;
    }
    const reconnected = this.connectedBefore;
    this.connectedBefore = true;
    this.setState('online');
    if (reconnected) await this.resync();
    else this.presence.resubscribe();
  }

  /** Replays what happened while disconnected; false when it cannot (nothing seen yet, or too much missed). */
  private async catchUp(): Promise<boolean> {
    const resumeFrom = this.recent.resumeFrom();
    if (!resumeFrom) return false;
    let since: string = resumeFrom;
    try {
      for (let page = 0; page < CATCH_UP_PAGES; page++) {
        const answer = await this.request('catch-up', { since });
        for (const activity of answer.activities) {
          const event = activityToMessageEvent(activity);
          if (event) this.acceptMessage(event);
        }
        if (!answer.next) return true;
        since = answer.next;
      }
    } catch (error) {
      console.warn('chat-widget: catch-up failed, reloading instead:', (error as Error).message);
    }
    this.recent.forgetPositions();
    return false;
  }

  private acceptMessage(event: MessageEvent): void {
    if (this.recent.accept(event.id, event.position)) this.events.emit('message', event);
  }

  private connected(timeoutMs: number): Promise<void> {
    if (this.socket.connected) return Promise.resolve();
    if (this.current === 'signed-out' || this.current === 'closed') return Promise.reject(new RequestRefused('signed-out', 'not connected'));
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        this.socket.off('connect', done);
        reject(new RequestRefused('unavailable', 'not connected to the chat service'));
      }, timeoutMs);
      const done = () => {
        clearTimeout(timer);
        resolve();
      };
      this.socket.once('connect', done);
    });
  }

  /** Exponential backoff with jitter, for the cases Socket.IO does not retry itself. */
  private retryLater(): void {
    clearTimeout(this.retryTimer);
    const delay = Math.min(RETRY_MAX_MS, RETRY_MIN_MS * 2 ** this.retries++) * (0.5 + Math.random() / 2);
    this.retryTimer = setTimeout(() => {
      if (this.current !== 'closed' && this.current !== 'signed-out' && !this.socket.connected) this.socket.connect();
    }, delay);
  }

  private signOut(): void {
    clearTimeout(this.retryTimer);
    this.setState('signed-out');
    this.socket.disconnect();
  }

  private setState(state: ConnectionState): void {
    if (state === this.current) return;
    this.current = state;
    this.events.emit('state', state);
  }
}
