/**
 * Outbound benchmark (issue 9): how fast what web users send reaches desktop clients, and whether one user's slow
 * or poisoned job holds up anyone else. Everything runs on the test stack: ejabberd, Redis, the MongoDB-wire server,
 * the three built apps as their own processes, desktop receivers through @xmpp/client, web senders through
 * socket.io-client.
 *   1. back-to-back: one web user fires BENCH_BURST sends at once (not waiting for acknowledgements) to one desktop
 *      user, BENCH_ROUNDS times; latency is the emit → desktop arrival of each message.
 *   2. many at once: BENCH_USERS web users each fire BENCH_PER_USER sends at the same moment, each to a desktop peer
 *      they spoke with before; once alone, then again with poisoned jobs (a body with U+0000, put on the queue
 *      directly, as an older api or a bug would) and slow jobs (room sends whose subscription ejabberd refuses)
 *      queued just before. Latency per user; the worst user's p95 with trouble ÷ without is the figure that shows
 *      whether anyone was stalled. The component link's reconnection count is read before and after: a poisoned job
 *      must not take the link down.
 * Prints a summary and writes bench/results/outbound-<time>.json. Run it with `bin/bench outbound`.
 */
import { client, type Client, xml } from '@xmpp/client';
import { Queue } from 'bullmq';
import { io, type Socket } from 'socket.io-client';
import { BuiltApp, freePort } from '../test/support/built-app';
import { accessToken } from '../test/support/tokens';
import { writeResults } from './support/results';
import { runToExit } from './support/run-to-exit';
import { ascending, percentile } from './support/statistics';

const BURST = Number(process.env.BENCH_BURST ?? 20);
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 10);
const USERS = Number(process.env.BENCH_USERS ?? 50);
const PER_USER = Number(process.env.BENCH_PER_USER ?? 5);
const POISONED = Number(process.env.BENCH_POISONED ?? 3);
const SLOW = Number(process.env.BENCH_SLOW ?? 3);
const DOMAIN = process.env.XMPP_DOMAIN ?? 'localhost';
const API = process.env.EJABBERD_API_URL!;
const RUN = Date.now().toString(36);

function figures(latencies: number[]) {
  const sorted = ascending(latencies);
  return { count: sorted.length, p50Ms: percentile(sorted, 50), p95Ms: percentile(sorted, 95), p99Ms: percentile(sorted, 99), maxMs: sorted.at(-1) ?? NaN };
}

async function register(user: string): Promise<void> {
  const response = await fetch(`${API}/register`, { method: 'POST', body: JSON.stringify({ user, host: DOMAIN, password: 'pw' }) });
  if (!response.ok) throw new Error(`register ${user}: ${response.status} ${await response.text()}`);
}

async function desktop(user: string): Promise<Client> {
  const c = client({ service: process.env.XMPP_C2S_URL!, domain: DOMAIN, username: user, password: 'pw', resource: 'bench' });
  c.reconnect.stop();
  c.on('error', () => undefined);
  await c.start();
  await c.send(xml('presence'));
  return c;
}

async function webUser(apiUrl: string, user: string): Promise<Socket> {
  const socket = io(apiUrl, { auth: { token: await accessToken(user, { expiresIn: '2h' }) }, transports: ['websocket'], reconnection: false, forceNew: true });
  await new Promise<void>((r, j) => (socket.once('connect', () => r()), socket.once('connect_error', j)));
  return socket;
}

/** Arrival times at desktop clients, keyed by the body's tag. */
class Arrivals {
  private readonly waiting = new Map<string, { sentAt: number; resolve: (ms: number) => void }>();

  watch(c: Client): void {
    c.on('stanza', (s) => {
      const body = s.name === 'message' ? s.getChildText('body') : null;
      const entry = body ? this.waiting.get(body) : undefined;
      if (!entry || !body) return;
      this.waiting.delete(body);
      entry.resolve(Date.now() - entry.sentAt);
    });
  }

  /** Resolves with the latency once `body` arrives, or with NaN after `timeoutMs`. */
  expect(body: string, sentAt: number, timeoutMs = 30_000): Promise<number> {
    return new Promise((resolvePromise) => {
      const timer = setTimeout(() => (this.waiting.delete(body), resolvePromise(NaN)), timeoutMs);
      this.waiting.set(body, { sentAt, resolve: (ms) => (clearTimeout(timer), resolvePromise(ms)) });
    });
  }
}

function send(socket: Socket, to: string, body: string, key: string): Promise<Record<string, unknown>> {
  return socket.timeout(30_000).emitWithAck('send-message', { to: `${to}@${DOMAIN}`, body, clientMessageId: key });
}

async function linkConnections(gatewayUrl: string): Promise<number> {
  const ready = (await (await fetch(`${gatewayUrl}/health/ready`)).json()) as { details?: { xmpp?: { connections?: number } } };
  return ready.details?.xmpp?.connections ?? NaN;
}

async function backToBack(apiUrl: string, arrivals: Arrivals): Promise<ReturnType<typeof figures> & { refused: number }> {
  const sender = `obb_w_${RUN}`;
  const receiver = `obb_d_${RUN}`;
  await Promise.all([register(sender), register(receiver)]);
  const peer = await desktop(receiver);
  arrivals.watch(peer);
  const socket = await webUser(apiUrl, sender);
  const latencies: number[] = [];
  const acks: number[] = [];
  let refused = 0;
  for (let round = -1; round < ROUNDS; round += 1) {
    const pending = Array.from({ length: BURST }, (_, i) => {
      const body = `b2b|${round}|${i}`;
      const sentAt = Date.now();
      const arrival = arrivals.expect(body, sentAt);
      void send(socket, receiver, body, `b2b-${round}-${i}`).then((ack) => {
        if (ack.status !== 'queued') refused += 1;
        if (round >= 0) acks.push(Date.now() - sentAt);
      });
      return arrival;
    });
    const round_ = await Promise.all(pending);
    // Round -1 warms up (JIT, connection pools) and is not counted.
    if (round >= 0) latencies.push(...round_);
    await new Promise((r) => setTimeout(r, 500));
  }
  socket.disconnect();
  await peer.stop();
  return { ...figures(latencies.filter((l) => !Number.isNaN(l))), refused, lost: latencies.filter(Number.isNaN).length, acknowledged: figures(acks) } as never;
}

interface Crowd {
  senders: string[];
  receivers: string[];
  sockets: Socket[];
  peers: Client[];
}

async function crowd(apiUrl: string, arrivals: Arrivals): Promise<Crowd> {
  const senders = Array.from({ length: USERS }, (_, i) => `omany_w${i}_${RUN}`);
  const receivers = Array.from({ length: USERS }, (_, i) => `omany_d${i}_${RUN}`);
  for (let i = 0; i < USERS; i += 10) await Promise.all([...senders.slice(i, i + 10), ...receivers.slice(i, i + 10)].map(register));
  const peers: Client[] = [];
  for (let i = 0; i < USERS; i += 10) peers.push(...(await Promise.all(receivers.slice(i, i + 10).map(desktop))));
  peers.forEach((p) => arrivals.watch(p));
  const sockets = await Promise.all(senders.map((u) => webUser(apiUrl, u)));
  // Each pair has spoken before (the api knows the peer exists, the desktop client is warm), as in a working day.
  await Promise.all(
    senders.map(async (_, u) => {
      const arrived = arrivals.expect(`hello|${u}`, Date.now());
      await send(sockets[u], receivers[u], `hello|${u}`, `hello-${u}`);
      await arrived;
    }),
  );
  return { senders, receivers, sockets, peers };
}

/** Every user fires PER_USER sends at the same moment; with `trouble`, poisoned and slow jobs are queued first. */
async function manyAtOnce(people: Crowd, gatewayUrl: string, arrivals: Arrivals, queue: Queue, tag: string, trouble: boolean) {
  const { senders, receivers, sockets } = people;
  const before = await linkConnections(gatewayUrl);
  const failed: string[] = [];
  const onFailed = (f: { id: string }) => void failed.push(f.id);
  sockets.forEach((s) => s.on('send-failed', onFailed));
  const poisoned = trouble ? POISONED : 0;
  const slow = trouble ? SLOW : 0;
  // What a user of an older api, or a bug, might put on the queue: text XML cannot carry.
  for (let i = 0; i < poisoned; i += 1) {
    const stanzaId = `poison-${tag}-${RUN}-${i}`;
    await queue.add(
      'message',
      { kind: 'message', from: `${senders[i]}@${DOMAIN}`, to: `${receivers[i]}@${DOMAIN}`, conversationKind: 'direct', stanzaId, body: `x a\u0000b ${i}` },
      { jobId: stanzaId },
    );
  }
  // Slow jobs: room sends to a room that does not exist, so ejabberd refuses the subscription (retried, then given up).
  for (let i = 0; i < slow; i += 1) {
    const stanzaId = `slow-${tag}-${RUN}-${i}`;
    await queue.add(
      'message',
      { kind: 'message', from: `${senders[poisoned + i]}@${DOMAIN}`, to: `nowhere-${tag}-${RUN}-${i}@conference.${DOMAIN}`, conversationKind: 'room', stanzaId, body: `slow ${i}` },
      { jobId: stanzaId },
    );
  }
  const perUser: number[][] = senders.map(() => []);
  const acks: number[] = [];
  const pending: Array<Promise<void>> = [];
  for (let k = 0; k < PER_USER; k += 1) {
    senders.forEach((_, u) => {
      const body = `${tag}|${u}|${k}`;
      const sentAt = Date.now();
      pending.push(arrivals.expect(body, sentAt).then((ms) => void perUser[u].push(ms)));
      void send(sockets[u], receivers[u], body, `${tag}-${u}-${k}`).then(() => void acks.push(Date.now() - sentAt));
    });
  }
  await Promise.all(pending);
  // The slow jobs give up after about 5 s of retries; their senders are told.
  const deadline = Date.now() + 15_000;
  while (failed.length < poisoned + slow && Date.now() < deadline) await new Promise((r) => setTimeout(r, 200));
  const after = await linkConnections(gatewayUrl);
  sockets.forEach((s) => s.off('send-failed', onFailed));
  const all = perUser.flat();
  const worstUser = perUser.map((l) => figures(l.filter((x) => !Number.isNaN(x)))).reduce((a, b) => (b.p95Ms > a.p95Ms ? b : a));
  return {
    users: USERS,
    perUser: PER_USER,
    poisonedJobs: poisoned,
    slowJobs: slow,
    all: figures(all.filter((x) => !Number.isNaN(x))),
    acknowledged: figures(acks),
    lost: all.filter(Number.isNaN).length,
    worstUser,
    sendFailedEvents: failed.length,
    linkReconnections: after - before,
  };
}

async function main(): Promise<void> {
  const env = { MONGO_DB: `bench_${RUN}`, QUEUE_PREFIX: `bench_${RUN}`, LOG_LEVEL: process.env.BENCH_APP_LOG_LEVEL ?? 'error', SEND_RATE_PER_MINUTE: '100000' };
  const gateway = new BuiltApp('gateway', await freePort(), env);
  const worker = new BuiltApp('worker', await freePort(), env);
  const api = new BuiltApp('api', await freePort(), env);
  await Promise.all([gateway.start(), worker.start(), api.start()]);
  const queue = new Queue('xmpp-outbound', { connection: { url: process.env.REDIS_URL! }, prefix: env.QUEUE_PREFIX });
  const arrivals = new Arrivals();
  const results: Record<string, unknown> = { run: RUN, machine: { cores: (await import('node:os')).cpus().length } };

  console.log(`1. back-to-back: one web user, ${ROUNDS} rounds of ${BURST} sends at once, to one desktop user`);
  results.backToBack = await backToBack(api.url, arrivals);
  console.log(results.backToBack);

  console.log(`\n2. ${USERS} web users at once, ${PER_USER} sends each: alone, then with ${POISONED} poisoned and ${SLOW} slow jobs queued first`);
  const people = await crowd(api.url, arrivals);
  const clean = await manyAtOnce(people, gateway.url, arrivals, queue, 'clean', false);
  await new Promise((r) => setTimeout(r, 1000));
  const troubled = await manyAtOnce(people, gateway.url, arrivals, queue, 'trouble', true);
  results.manyAtOnce = { clean, troubled, worstUserP95Ratio: +(troubled.worstUser.p95Ms / clean.worstUser.p95Ms).toFixed(2) };
  console.log(results.manyAtOnce);
  people.sockets.forEach((s) => s.disconnect());
  await Promise.all(people.peers.map((p) => p.stop()));

  const file = writeResults('outbound', results);
  console.log(`\nwritten ${file}`);
  await queue.close();
  await Promise.all([api.stop(), worker.stop(), gateway.stop()]);
}

runToExit(main);
