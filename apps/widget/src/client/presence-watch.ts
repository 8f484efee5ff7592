import type { PresenceEvent, WebAnswer, WebRequest } from './protocol';

type WatchRequest = 'watch-presence' | 'unwatch-presence';
type Request = <N extends WatchRequest>(name: N, body: WebRequest<N>) => Promise<WebAnswer<N>>;
type Listener = (presence: PresenceEvent) => void;

const BATCH_LIMIT = 500;

/**
 * Badges share one watch per user: the first badge of a user asks the server (`watch-presence`), the last one
 * gone stops (`unwatch-presence`). Changes made in the same moment go out as one request (a list re-rendered
 * removes and adds the same badges: nothing is sent for those), and everything watched is asked again after a
 * reconnection, which also answers with the badges as they are now.
 */
export class PresenceWatch {
  private readonly listeners = new Map<string, Set<Listener>>();
  private readonly latest = new Map<string, PresenceEvent>();
  private readonly toWatch = new Set<string>();
  private readonly toUnwatch = new Set<string>();
  private flushing: ReturnType<typeof setTimeout> | undefined;

  constructor(
    private readonly request: Request,
    private readonly connected: () => boolean,
  ) {}

  watch(jid: string, listener: Listener): () => void {
    let set = this.listeners.get(jid);
    if (!set) {
      this.listeners.set(jid, (set = new Set()));
      // Dropped and taken again before the server heard of it: the server still watches, the badge is current.
      if (!this.toUnwatch.delete(jid)) {
        this.toWatch.add(jid);
        this.schedule();
      }
    }
    set.add(listener);
    const known = this.latest.get(jid);
    if (known) queueMicrotask(() => set.has(listener) && listener(known));
    return () => {
      set.delete(listener);
      if (set.size > 0 || this.listeners.get(jid) !== set) return;
      this.listeners.delete(jid);
      if (!this.toWatch.delete(jid)) this.toUnwatch.add(jid);
      this.schedule();
    };
  }

  apply(presence: PresenceEvent): void {
    const listeners = this.listeners.get(presence.jid);
    if (!listeners) return;
    this.latest.set(presence.jid, presence);
    for (const listener of [...listeners]) listener(presence);
  }

  /** After a (re)connection: the server forgot what this socket watched. */
  resubscribe(): void {
    this.toUnwatch.clear();
    for (const jid of this.listeners.keys()) this.toWatch.add(jid);
    this.schedule();
  }

  private schedule(): void {
    if (this.flushing === undefined) this.flushing = setTimeout(() => void this.flush(), 0);
  }

  private async flush(): Promise<void> {
    this.flushing = undefined;
    // Offline, nothing is sent; resubscribe() sends everything once connected.
    if (!this.connected()) return;
    const watch = [...this.toWatch];
    const unwatch = [...this.toUnwatch];
    this.toWatch.clear();
    this.toUnwatch.clear();
    unwatch.forEach((jid) => this.latest.delete(jid));
    for (let i = 0; i < unwatch.length; i += BATCH_LIMIT) {
      await this.request('unwatch-presence', { jids: unwatch.slice(i, i + BATCH_LIMIT) }).catch(() => undefined);
    }
    for (let i = 0; i < watch.length; i += BATCH_LIMIT) await this.watchBatch(watch.slice(i, i + BATCH_LIMIT));
  }

  private async watchBatch(jids: string[]): Promise<void> {
    try {
      const answer = await this.request('watch-presence', { jids });
      for (const presence of answer.presences) this.apply(presence);
    } catch (error) {
      // One malformed address refuses the whole batch: ask for each alone, so the others still get their badge.
      if (jids.length > 1) for (const jid of jids) await this.watchBatch([jid]);
      else console.warn(`chat-widget: cannot watch the presence of ${jids[0]}:`, (error as Error).message);
    }
  }
}
