import { sleep } from '../support/sleep';
import { upperPercentile } from '../support/statistics';
import { PRESENCE_RATE, WATCHED_USERS } from './settings';
import { watchedJid } from './watched-users';

// The presence driver: badge changes at a steady rate, the way the gateway's mirror makes them.

export interface PresenceSink {
  write(jid: string, seq: number, sentAt: number): Promise<void>;
}

export class PresenceDriver {
  /** Which watched user change number `seq` was about (-1: the change failed and is not expected anywhere). */
  readonly changeOf: number[] = [];
  /** How long change `seq` took to be stored and enqueued (ms): the part of its latency before the queue. */
  readonly writeMs: number[] = [];
  /** When change `seq` was made (ms since epoch). */
  readonly sentAt: number[] = [];
  private readonly offset = Math.floor(Math.random() * WATCHED_USERS);
  private running = false;
  private loop?: Promise<void>;
  private inFlight = 0;
  private doneTimes: number[] = [];
  errors = 0;
  skipped = 0;
  lastError?: string;

  constructor(private readonly sink: PresenceSink) {}

  get nextSeq(): number {
    return this.changeOf.length;
  }

  start(): void {
    this.running = true;
    this.loop = this.run();
  }

  async stop(): Promise<void> {
    this.running = false;
    await this.loop;
    while (this.inFlight > 0) await sleep(20);
  }

  /** How long the store write + enqueue took since the last call (ms), p50/p99. */
  takeWriteTimes(): { p50: number; p99: number } {
    const sorted = this.doneTimes.sort((a, b) => a - b);
    this.doneTimes = [];
    return { p50: upperPercentile(sorted, 50), p99: upperPercentile(sorted, 99) };
  }

  private async run(): Promise<void> {
    const started = performance.now();
    let launched = 0;
    while (this.running) {
      const due = Math.floor(((performance.now() - started) / 1000) * PRESENCE_RATE);
      for (; launched < due; launched++) {
        // Round robin over the watched users: a user changes again only WATCHED_USERS / PRESENCE_RATE seconds
        // later, far outside the 150 ms coalescing window, so every change is one delivery per watcher.
        if (this.inFlight >= 500) {
          this.skipped++;
          continue;
        }
        void this.change();
      }
      await sleep(10);
    }
  }

  private async change(): Promise<void> {
    const seq = this.changeOf.length;
    const j = (this.offset + seq) % WATCHED_USERS;
    this.changeOf.push(j);
    this.inFlight++;
    const sentAt = Date.now();
    this.sentAt[seq] = sentAt;
    try {
      await this.sink.write(watchedJid(j), seq, sentAt);
      this.writeMs[seq] = Date.now() - sentAt;
      this.doneTimes.push(this.writeMs[seq]);
    } catch (error) {
      this.changeOf[seq] = -1;
      this.errors++;
      this.lastError = String((error as Error).message ?? error).slice(0, 200);
    } finally {
      this.inFlight--;
    }
  }
}
