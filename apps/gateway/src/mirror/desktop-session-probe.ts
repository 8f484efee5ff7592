import { Injectable, Logger } from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import type { GatewayEnv } from '@chat/config';
import { XmppComponentConnection } from '@chat/xmpp';

type Outcome = 'answered' | 'silent' | 'unknown';

/**
 * Which of ejabberd's listed client sessions no longer answer. A client killed while stream management was on
 * (XEP-0198) stays listed by ejabberd, exactly like a live one, for the whole resume_timeout (300 s by default:
 * XEP-0198 §5, the server keeps the session for the client to resume); only a ping to its full JID (XEP-0199 §4.5,
 * component to client) tells them apart: ejabberd queues it for the session and nothing comes back.
 *
 * Cost per call, N listed sessions: one ping to each session not already silent, at most PRESENCE_PROBE_CONCURRENCY
 * in flight, each given up after PRESENCE_PROBE_TIMEOUT_MS; the call waits for those, so it takes about
 * N ÷ concurrency round trips, plus one timeout per `concurrency` sessions that fell silent since the last call.
 * Silent sessions are asked again in the background, the longest unasked first, at most `concurrency` at a time
 * (so at most twice `concurrency` pings in flight): a crowd of dead sessions never slows a call, and one that
 * resumes comes back. Concurrency 0 turns the probe off.
 */
@Injectable()
export class DesktopSessionProbe {
  private readonly logger = new Logger(DesktopSessionProbe.name);
  private readonly timeoutMs: number;
  private readonly concurrency: number;
  /**
   * Sessions that answered a ping since first listed: only they can be judged unreachable, so a client that never
   * answers a component (RFC 6120 §8.2.3 says it must, with a result or an error) is never shown offline while
   * connected.
   */
  private readonly answered = new Set<string>();
  /** Sessions whose last ping went unanswered, the longest unasked first (a Map keeps insertion order). */
  private readonly silent = new Map<string, true>();
  /** Silent sessions being asked again right now. */
  private readonly retrying = new Set<string>();

  constructor(
    private readonly link: XmppComponentConnection,
    config: ConfigService<GatewayEnv, true>,
  ) {
    this.timeoutMs = config.get('PRESENCE_PROBE_TIMEOUT_MS', { infer: true });
    this.concurrency = config.get('PRESENCE_PROBE_CONCURRENCY', { infer: true });
  }

  /**
   * The full JIDs among `listed` (ejabberd's connected client sessions) that answered a ping before and answer
   * none now. Empty when the probe is off or the link is not up, or went down meanwhile: silence over a dead link
   * proves nothing, and a badge shown late is better than a false "offline".
   */
  async unreachable(listed: readonly string[]): Promise<Set<string>> {
    this.forgetAllBut(new Set(listed));
    const link = this.link.linkNumber;
    if (this.concurrency === 0 || this.link.status !== 'online') return new Set();

    this.retrySilent(link);
    const toPing = listed.filter((jid) => !this.silent.has(jid));
    const outcomes = await inPool(toPing, this.concurrency, (jid) => this.ping(jid));
    if (this.link.linkNumber === link) toPing.forEach((jid, i) => this.record(jid, outcomes[i]));

    if (this.link.linkNumber !== link || this.link.status !== 'online') return new Set();
    const unreachable = new Set([...this.silent.keys()].filter((jid) => this.answered.has(jid)));
    this.logger.debug(`pinged ${toPing.length} of ${listed.length} session(s); ${unreachable.size} unreachable`);
    return unreachable;
  }

  /** Asks silent sessions again without holding up the call; an answer counts as soon as it comes. */
  private retrySilent(link: number): void {
    const turn = [...this.silent.keys()].filter((jid) => !this.retrying.has(jid)).slice(0, this.concurrency - this.retrying.size);
    for (const jid of turn) {
      this.retrying.add(jid);
      void this.ping(jid).then((outcome) => {
        this.retrying.delete(jid);
        // Forgotten meanwhile (no longer listed), or asked over a link that has gone since: nothing learned.
        if (this.silent.has(jid) && this.link.linkNumber === link) this.record(jid, outcome);
      });
    }
  }

  private async ping(jid: string): Promise<Outcome> {
    try {
      return (await this.link.probe(jid, this.timeoutMs)) ? 'answered' : 'silent';
    } catch {
      // The link went down under the ping: nothing learned.
      return 'unknown';
    }
  }

  private record(jid: string, outcome: Outcome): void {
    if (outcome === 'unknown') return;
    this.silent.delete(jid);
    if (outcome === 'answered') this.answered.add(jid);
    else this.silent.set(jid, true);
  }

  /** Memory stays bounded by the sessions listed now. */
  private forgetAllBut(listed: Set<string>): void {
    for (const jid of this.answered) if (!listed.has(jid)) this.answered.delete(jid);
    for (const jid of this.silent.keys()) if (!listed.has(jid)) this.silent.delete(jid);
  }
}

/** Runs `task` over `items` with at most `limit` at once; results in the items' order. */
async function inPool<T, R>(items: readonly T[], limit: number, task: (item: T) => Promise<R>): Promise<R[]> {
  const results = new Array<R>(items.length);
  let next = 0;
  const worker = async () => {
    while (next < items.length) {
      const i = next++;
      results[i] = await task(items[i]);
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
  return results;
}
