/**
 * Mirror benchmark (issue 3). Drives N desktop XMPP clients through the local ejabberd and measures, in one run:
 *   1. raw ejabberd delivery client → client (the baseline);
 *   2. the full path client → ejabberd → gateway → MongoDB → queue → worker → Socket.IO client, at fixed rates and
 *      flat out, with the archive checked for loss and duplicates;
 *   3. the MongoDB-wire server's own insert rate (driver insertMany of the same documents).
 * Prints a summary and writes bench/results/mirror-<time>.json. Run it with bin/bench.
 */
import { client, type Client, xml } from '@xmpp/client';
import { component } from '@xmpp/component';
import { MongoClient } from 'mongodb';
import { Client as PostgresClient } from 'pg';
import { io, type Socket } from 'socket.io-client';
import { BuiltApp, freePort } from '../test/support/built-app';
import { stack } from '../test/support/stack';
import { accessToken } from '../test/support/tokens';
import { writeResults } from './support/results';
import { runToExit } from './support/run-to-exit';
import { ascending, upperPercentile } from './support/statistics';

const PAIRS = Number(process.env.BENCH_PAIRS ?? 10);
const DURATION_S = Number(process.env.BENCH_SECONDS ?? 20);
const FIXED_RATES = (process.env.BENCH_RATES ?? '500,1000,2000').split(',').map(Number);
const FLAT_OUT_RATE = Number(process.env.BENCH_MAX_RATE ?? 2500);
/** Each rate once: the flat-out rate last. */
const RATES = [...new Set([...FIXED_RATES, FLAT_OUT_RATE])];
const DOMAIN = process.env.XMPP_DOMAIN ?? 'localhost';
const RUN = Date.now().toString(36);

interface Sample {
  sent: number;
  received: number;
  durationMs: number;
  latencies: number[];
}

function summarize(name: string, s: Sample) {
  const sorted = ascending(s.latencies);
  const out = {
    name,
    sent: s.sent,
    received: s.received,
    lost: s.sent - s.received,
    sustainedPerSecond: Math.round((s.received / s.durationMs) * 1000),
    p50Ms: upperPercentile(sorted, 50),
    p99Ms: upperPercentile(sorted, 99),
    maxMs: sorted.at(-1) ?? NaN,
  };
  console.log(
    `${name.padEnd(34)} sent ${String(out.sent).padStart(6)}  received ${String(out.received).padStart(6)}  ` +
      `${String(out.sustainedPerSecond).padStart(5)} msg/s  p50 ${out.p50Ms} ms  p99 ${out.p99Ms} ms`,
  );
  return out;
}

async function connectDesktop(user: string, resource: string): Promise<Client> {
  const c = client({ service: process.env.XMPP_C2S_URL!, domain: DOMAIN, username: user, password: 'pw', resource });
  c.reconnect.stop();
  c.on('error', () => undefined);
  await c.start();
  await c.send(xml('presence'));
  return c;
}

/**
 * Sends `rate` messages per second for DURATION_S seconds, spread over the sender clients; `arrivals` is fed by the
 * receiving side with the send timestamp found in each message.
 */
async function drive(senders: Client[], receivers: string[], rate: number, tag: string, arrivals: Map<string, number[]>): Promise<Sample> {
  const latencies: number[] = [];
  arrivals.set(tag, latencies);
  const total = rate * DURATION_S;
  const tickMs = 10;
  const perTick = rate / (1000 / tickMs);
  const started = Date.now();
  let sent = 0;
  let owed = 0;
  while (sent < total) {
    owed += perTick;
    const batch: Promise<void>[] = [];
    while (owed >= 1 && sent < total) {
      const i = sent % senders.length;
      const body = `${tag}|${sent}|${Date.now()}`;
      batch.push(senders[i].send(xml('message', { to: `${receivers[i]}@${DOMAIN}`, type: 'chat', id: `${tag}-${sent}` }, xml('body', {}, body))));
      sent += 1;
      owed -= 1;
    }
    await Promise.all(batch);
    const next = started + (sent / rate) * 1000;
    const wait = next - Date.now();
    if (wait > 0) await new Promise((r) => setTimeout(r, Math.min(wait, tickMs)));
  }
  const sendDone = Date.now();
  // Let stragglers arrive: up to 20 s, or until everything is in.
  const deadline = sendDone + 20_000;
  while (latencies.length < total && Date.now() < deadline) await new Promise((r) => setTimeout(r, 100));
  const lastArrival = lastArrivals.get(tag) ?? sendDone;
  return { sent, received: latencies.length, durationMs: Math.max(sendDone, lastArrival) - started, latencies };
}

const lastArrivals = new Map<string, number>();

function recordArrival(arrivals: Map<string, number[]>, body: string | null | undefined): void {
  if (!body) return;
  const [tag, , sentAt] = body.split('|');
  const list = arrivals.get(tag);
  if (!list) return;
  const now = Date.now();
  list.push(now - Number(sentAt));
  lastArrivals.set(tag, now);
}

async function rawInsertRate(mongoUrl: string, dbName: string): Promise<{ docsPerSecond: number; docs: number }> {
  const mongo = await MongoClient.connect(mongoUrl);
  const collection = mongo.db(dbName).collection('raw_insert_bench');
  // The same secondary indexes as the archive's messages collection, so the comparison is like for like.
  await collection.createIndex({ conversationId: 1, position: 1 });
  await collection.createIndex({ conversationId: 1, aliases: 1 });
  const docs = 20_000;
  const started = Date.now();
  for (let i = 0; i < docs; i += 500) {
    await collection.insertMany(
      Array.from({ length: 500 }, (_, k) => ({
        _id: `raw_${RUN}_${i + k}` as never,
        conversationId: `dm:a${(i + k) % PAIRS}@localhost|b${(i + k) % PAIRS}@localhost`,
        conversationKind: 'direct',
        messageType: 'chat',
        author: `a${(i + k) % PAIRS}@localhost`,
        to: `b${(i + k) % PAIRS}@localhost`,
        body: `bench|${i + k}|${Date.now()}`,
        aliases: [`m${i + k}`],
        sentAt: new Date(),
        position: String(i + k).padStart(22, '0'),
        edits: [],
      })),
      { ordered: false },
    );
  }
  const elapsed = Date.now() - started;
  await collection.drop().catch(() => undefined);
  await mongo.close();
  return { docs, docsPerSecond: Math.round((docs / elapsed) * 1000) };
}

/** Sets each user's mod_mam default to "never" in ejabberd's SQL archive preferences (before their first login). */
async function neverArchive(users: string[]): Promise<void> {
  const sql = new PostgresClient({ connectionString: process.env.STACK_POSTGRES_URL });
  await sql.connect();
  try {
    for (const user of users) {
      await sql.query("INSERT INTO archive_prefs (username, def, always, never) VALUES ($1, 'never', '[]', '[]') ON CONFLICT (username) DO UPDATE SET def = 'never'", [user]);
    }
  } finally {
    await sql.end();
  }
}

async function main(): Promise<void> {
  const stores = { MONGO_DB: `bench_${RUN}`, QUEUE_PREFIX: `bench_${RUN}` };
  const senders = Array.from({ length: PAIRS }, (_, i) => `bsend${i}_${RUN}`);
  const receivers = Array.from({ length: PAIRS }, (_, i) => `brecv${i}_${RUN}`);
  // Users whose own archive preference is "never" (XEP-0313 §6), set before they first connect: ejabberd's
  // message archive (mod_mam on PostgreSQL) stores nothing for them, so the same run shows what archiving costs.
  const unarchivedSenders = senders.map((u) => `n${u}`);
  const unarchivedReceivers = receivers.map((u) => `n${u}`);
  console.log(`registering ${PAIRS * 4} users`);
  for (const user of [...senders, ...receivers, ...unarchivedSenders, ...unarchivedReceivers]) await stack('register', user, 'pw');
  await neverArchive([...unarchivedSenders, ...unarchivedReceivers]);

  const arrivals = new Map<string, number[]>();
  const senderClients = await Promise.all(senders.map((u) => connectDesktop(u, 'bench')));
  const receiverClients = await Promise.all(receivers.map((u) => connectDesktop(u, 'bench')));
  for (const c of receiverClients) c.on('stanza', (s) => s.name === 'message' && recordArrival(arrivals, s.getChildText('body')));

  const results: Record<string, unknown> = { run: RUN, pairs: PAIRS, durationSeconds: DURATION_S, machine: { cores: (await import('node:os')).cpus().length } };

  // The baseline keeps ejabberd's configuration as it is in production, service-log copies included; an idle
  // component takes them (without one, ejabberd would try to reach chat.localhost over s2s for every copy).
  const idle = component({ service: process.env.XMPP_COMPONENT_URL!, domain: process.env.XMPP_COMPONENT_DOMAIN!, password: process.env.XMPP_COMPONENT_SECRET! });
  idle.reconnect.stop();
  idle.on('error', () => undefined);
  await idle.start();
  console.log('\n1. raw ejabberd, client → client (an idle component takes the service-log copies)');
  const unarchivedClients = await Promise.all(unarchivedSenders.map((u) => connectDesktop(u, 'bench')));
  const unarchivedReceiverClients = await Promise.all(unarchivedReceivers.map((u) => connectDesktop(u, 'bench')));
  for (const c of unarchivedReceiverClients) c.on('stanza', (s) => s.name === 'message' && recordArrival(arrivals, s.getChildText('body')));
  const withoutArchive = [];
  for (const rate of RATES) withoutArchive.push(summarize(`ejabberd, no archive @ ${rate}/s`, await drive(unarchivedClients, unarchivedReceivers, rate, `rawn${rate}`, arrivals)));
  results.ejabberdWithoutArchive = withoutArchive;
  await Promise.all([...unarchivedClients, ...unarchivedReceiverClients].map((c) => c.stop().catch(() => undefined)));
  const baseline = [];
  for (const rate of RATES) baseline.push(summarize(`ejabberd, archiving @ ${rate}/s`, await drive(senderClients, receivers, rate, `raw${rate}`, arrivals)));
  results.ejabberd = baseline;
  await idle.stop().catch(() => undefined);

  console.log('\n2. full path: client → ejabberd → gateway → MongoDB → queue → worker → Socket.IO');
  const env = { ...stores, LOG_LEVEL: process.env.BENCH_APP_LOG_LEVEL ?? 'error' };
  const gateway = new BuiltApp('gateway', await freePort(), env);
  const worker = new BuiltApp('worker', await freePort(), env);
  const api = new BuiltApp('api', await freePort(), env);
  await Promise.all([gateway.start(), worker.start(), api.start()]);
  const sockets: Socket[] = await Promise.all(
    receivers.map(async (u) => {
      const socket = io(api.url, { auth: { token: await accessToken(u, { expiresIn: '2h' }) }, transports: ['websocket'], reconnection: false });
      await new Promise<void>((r, j) => (socket.once('connect', () => r()), socket.once('connect_error', j)));
      return socket;
    }),
  );
  // The desktop receivers keep recording too; web arrivals are tagged apart.
  const webArrivals = new Map<string, number[]>();
  for (const s of sockets) s.on('message', (m: { body?: string; to?: string }) => recordArrival(webArrivals, m.body));

  // Warm-up, not measured: JIT, connection pools, index pages.
  await drive(senderClients, receivers, 200, 'warmup', webArrivals);
  const fullPath = [];
  for (const rate of RATES) {
    const tag = `full${rate}`;
    const sample = await drive(senderClients, receivers, rate, tag, webArrivals);
    fullPath.push(summarize(`full path @ ${rate}/s`, sample));
  }
  results.fullPath = fullPath;

  // Give the archive a moment to settle after the last delivery.
  await new Promise((r) => setTimeout(r, 3000));
  const mongo = await MongoClient.connect(process.env.MONGO_URL!);
  const archived = await mongo
    .db(stores.MONGO_DB)
    .collection('messages')
    .countDocuments({ body: { $regex: '^full' } });
  const sentFull = fullPath.reduce((n, r) => n + r.sent, 0);
  const distinct = (
    await mongo
      .db(stores.MONGO_DB)
      .collection('messages')
      .distinct('aliases', { body: { $regex: '^full' } })
  ).length;
  await mongo.close();
  results.archive = { sent: sentFull, archived, distinctIds: distinct, lost: sentFull - archived };
  console.log(`archive: ${archived} of ${sentFull} sent messages stored (${sentFull - archived} missing), ${distinct} distinct ids`);

  console.log('\n3. the MongoDB-wire server alone: insertMany of the same documents, batches of 500');
  const raw = await rawInsertRate(process.env.MONGO_URL!, stores.MONGO_DB);
  results.storeRawInsert = raw;
  console.log(`raw insertMany: ${raw.docsPerSecond} docs/s`);

  const best = fullPath.reduce((a, b) => (b.sustainedPerSecond > a.sustainedPerSecond && b.lost === 0 ? b : a), fullPath[0]);
  const bestRaw = baseline.reduce((a, b) => (b.sustainedPerSecond > a.sustainedPerSecond ? b : a), baseline[0]);
  const bestUnarchived = withoutArchive.reduce((a, b) => (b.sustainedPerSecond > a.sustainedPerSecond ? b : a), withoutArchive[0]);
  results.ratios = {
    ejabberdArchivingVsNot: +(bestRaw.sustainedPerSecond / bestUnarchived.sustainedPerSecond).toFixed(3),
    fullPathVsEjabberd: +(best.sustainedPerSecond / bestRaw.sustainedPerSecond).toFixed(3),
    fullPathVsStoreRawInsert: +(best.sustainedPerSecond / raw.docsPerSecond).toFixed(3),
  };
  console.log(
    `\nratios: ejabberd archiving / not = ${(results.ratios as { ejabberdArchivingVsNot: number }).ejabberdArchivingVsNot}, full path / ejabberd = ${(results.ratios as { fullPathVsEjabberd: number }).fullPathVsEjabberd}, full path / raw insert = ${(results.ratios as { fullPathVsStoreRawInsert: number }).fullPathVsStoreRawInsert}`,
  );

  const file = writeResults('mirror', results);
  console.log(`\nwritten ${file}`);

  sockets.forEach((s) => s.disconnect());
  await Promise.all([api.stop(), worker.stop(), gateway.stop()]);
}

runToExit(main);
