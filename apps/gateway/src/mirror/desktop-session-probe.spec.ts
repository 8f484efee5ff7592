import { Logger } from '@nestjs/common';
import type { ConfigService } from '@nestjs/config';
import type { XmppComponentConnection } from '@chat/xmpp';
import { DesktopSessionProbe } from './desktop-session-probe';

const TIMEOUT_MS = 30;

/**
 * A component link whose sessions answer pings as the test says: 'live' at once, 'dead' never (a session waiting
 * for XEP-0198 resumption: the ping times out, as XmppComponentConnection.probe reports it).
 */
function fakeLink() {
  const behaviour = new Map<string, 'live' | 'dead'>();
  const sent: string[] = [];
  let inFlight = 0;
  let maxInFlight = 0;
  const link = {
    status: 'online',
    linkNumber: 1,
    probe: async (to: string, timeoutMs: number) => {
      if (link.status !== 'online') throw new Error('XMPP component is not connected');
      sent.push(to);
      inFlight += 1;
      maxInFlight = Math.max(maxInFlight, inFlight);
      const live = (behaviour.get(to) ?? 'live') === 'live';
      await new Promise((r) => setTimeout(r, live ? 1 : timeoutMs));
      inFlight -= 1;
      return live;
    },
  };
  return { link, behaviour, sent, maxInFlight: () => maxInFlight };
}

function probeWith(link: ReturnType<typeof fakeLink>['link'], concurrency = 8) {
  const settings: Record<string, number> = { PRESENCE_PROBE_TIMEOUT_MS: TIMEOUT_MS, PRESENCE_PROBE_CONCURRENCY: concurrency };
  const config = { get: (key: string) => settings[key] } as unknown as ConfigService<never, true>;
  return new DesktopSessionProbe(link as unknown as XmppComponentConnection, config);
}

const desk = 'alice@localhost/desk';
const phone = 'alice@localhost/phone';
const sessions = (n: number) => Array.from({ length: n }, (_, i) => `u${i}@localhost/phone`);
/** Long enough for the background pings to silent sessions to be answered or given up. */
const settle = () => new Promise((r) => setTimeout(r, 3 * TIMEOUT_MS));

describe('DesktopSessionProbe', () => {
  beforeAll(() => Logger.overrideLogger(false));

  it('reports a session that answered before and now stays silent, and nothing while all answer', async () => {
    const { link, behaviour } = fakeLink();
    const probe = probeWith(link);
    expect(await probe.unreachable([desk, phone])).toEqual(new Set());
    behaviour.set(phone, 'dead');
    expect(await probe.unreachable([desk, phone])).toEqual(new Set([phone]));
    expect(await probe.unreachable([desk, phone])).toEqual(new Set([phone]));
  });

  it('takes a silent session back as soon as it answers again (resumed)', async () => {
    const { link, behaviour } = fakeLink();
    const probe = probeWith(link);
    await probe.unreachable([phone]);
    behaviour.set(phone, 'dead');
    expect(await probe.unreachable([phone])).toEqual(new Set([phone]));
    behaviour.set(phone, 'live');
    // Asked again in the background during this call, it answers: back by the next call.
    await probe.unreachable([phone]);
    await settle();
    expect(await probe.unreachable([phone])).toEqual(new Set());
  });

  it('never judges a session that has not answered once (a client that ignores a component)', async () => {
    const { link, behaviour } = fakeLink();
    behaviour.set(phone, 'dead');
    const probe = probeWith(link);
    expect(await probe.unreachable([desk, phone])).toEqual(new Set());
    expect(await probe.unreachable([desk, phone])).toEqual(new Set());
  });

  it('pings every answering session each call and, without waiting, at most `concurrency` silent ones, in turn', async () => {
    const { link, behaviour, sent } = fakeLink();
    const dead = sessions(5);
    const probe = probeWith(link, 2);
    await probe.unreachable([desk, ...dead]);
    dead.forEach((jid) => behaviour.set(jid, 'dead'));
    expect(await probe.unreachable([desk, ...dead])).toEqual(new Set(dead));

    sent.length = 0;
    const started = Date.now();
    expect(await probe.unreachable([desk, ...dead])).toEqual(new Set(dead));
    expect(Date.now() - started).toBeLessThan(TIMEOUT_MS);
    await settle();
    expect(sent).toEqual([dead[0], dead[1], desk]);
    sent.length = 0;
    await probe.unreachable([desk, ...dead]);
    await settle();
    expect(sent).toEqual([dead[2], dead[3], desk]);

    // All resume: each comes back on its turn, two per call here.
    dead.forEach((jid) => behaviour.set(jid, 'live'));
    await probe.unreachable([desk, ...dead]);
    await settle();
    expect(await probe.unreachable([desk, ...dead])).toEqual(new Set([dead[3]]));
    await settle();
    expect(await probe.unreachable([desk, ...dead])).toEqual(new Set());
  });

  it('keeps at most `concurrency` pings in flight', async () => {
    const { link, behaviour, maxInFlight } = fakeLink();
    const all = sessions(20);
    const probe = probeWith(link, 3);
    await probe.unreachable(all);
    all.forEach((jid) => behaviour.set(jid, 'dead'));
    const started = Date.now();
    expect((await probe.unreachable(all)).size).toBe(20);
    expect(maxInFlight()).toBe(3);
    // 20 sessions that died at once, 3 at a time: 7 timeouts one after another (a lower bound, never a flaky upper one).
    expect(Date.now() - started).toBeGreaterThanOrEqual(6 * TIMEOUT_MS);
  });

  it('judges no one when the link is down or changed during the call', async () => {
    const { link, behaviour } = fakeLink();
    const probe = probeWith(link);
    await probe.unreachable([desk, phone]);
    behaviour.set(phone, 'dead');
    const call = probe.unreachable([desk, phone]);
    link.linkNumber = 2;
    expect(await call).toEqual(new Set());
    link.status = 'waiting';
    expect(await probe.unreachable([desk, phone])).toEqual(new Set());
  });

  it('pings no one when turned off (concurrency 0)', async () => {
    const { link, sent } = fakeLink();
    expect(await probeWith(link, 0).unreachable([desk, phone])).toEqual(new Set());
    expect(sent).toEqual([]);
  });

  it('forgets sessions ejabberd no longer lists: a new session under the same resource starts unjudged', async () => {
    const { link, behaviour } = fakeLink();
    const probe = probeWith(link);
    await probe.unreachable([phone]);
    expect(await probe.unreachable([])).toEqual(new Set());
    behaviour.set(phone, 'dead');
    expect(await probe.unreachable([phone])).toEqual(new Set());
  });
});
