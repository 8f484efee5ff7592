/**
 * Chaos benchmark (issue 11): for each row, the whole service (two gateways, a worker, an api) under a load from
 * desktop clients (BENCH_DESKTOP_MESSAGES over BENCH_LOAD_SECONDS) and web users (BENCH_WEB_MESSAGES), one process
 * killed with SIGKILL BENCH_KILL_AT_S into the load and restarted BENCH_DOWN_S later; then, once everything has
 * drained, it counts against what was sent and acknowledged (by ejabberd for desktop messages, by the api for web
 * ones): messages missing from the archive, messages archived twice, and for each web participant the messages of
 * its conversation it never learnt of (live or through catch-up) or learnt of twice; desktop users receiving a web
 * message twice. Rows: BENCH_CHAOS_ROWS (comma-separated, default all). Writes bench/results/chaos-<time>.json.
 */
import { MongoClient } from 'mongodb';
import { directConversation, toBareJid } from '@chat/domain';
import { registerUsers } from '../test/support/desktop-client';
import { type Fault, FAULTS, ChaosService } from './chaos/chaos-service';
import { DesktopSender } from './chaos/desktop-sender';
import { WebParticipant } from './chaos/web-participant';
import { writeResults } from './support/results';
import { runToExit } from './support/run-to-exit';
import { sleep } from './support/sleep';

const DESKTOP_MESSAGES = Number(process.env.BENCH_DESKTOP_MESSAGES ?? 2000);
const WEB_MESSAGES = Number(process.env.BENCH_WEB_MESSAGES ?? 300);
const LOAD_S = Number(process.env.BENCH_LOAD_SECONDS ?? 20);
const KILL_AT_S = Number(process.env.BENCH_KILL_AT_S ?? 5);
const DOWN_S = Number(process.env.BENCH_DOWN_S ?? 5);
const DRAIN_S = Number(process.env.BENCH_DRAIN_SECONDS ?? 150);
const ROWS = process.env.BENCH_CHAOS_ROWS ? (process.env.BENCH_CHAOS_ROWS.split(',') as Fault[]) : FAULTS;
const DOMAIN = process.env.XMPP_DOMAIN ?? 'localhost';

interface Row {
  killed: Fault;
  desktopSent: number;
  webSent: number;
  inDoubt: number;
  archived: number;
  missing: number;
  duplicated: number;
  webParticipantsMissing: number;
  webParticipantsDuplicated: number;
  desktopReceivedTwice: number;
  catchUps: number;
  drainedInS: number;
}

/**
 * Conversations: d1 → d2 (desktop only), d3 ↔ w1 (desktop and web), w2 → d4 (web to desktop). Desktop load is split
 * between d1 and d3, web load between w1 and w2.
 */
async function runRow(fault: Fault, mongo: MongoClient): Promise<Row> {
  const run = `${fault.replace(/[^a-z]/gi, '').slice(0, 12)}_${Date.now().toString(36)}`;
  const stores = { MONGO_DB: `chaos_${run}`, QUEUE_PREFIX: `chaos_${run}` };
  const service = new ChaosService(stores);
  try {
    return await loadAndCount(fault, service, run, stores, mongo);
  } finally {
    // Never leave a gateway behind: a stray one would take its share of ejabberd's copies from the next row.
    await service.stop();
  }
}

async function loadAndCount(fault: Fault, service: ChaosService, run: string, stores: { MONGO_DB: string }, mongo: MongoClient): Promise<Row> {
  await service.start();
  const [u1, u2, u3, u4, u5, u6] = await registerUsers('d1', 'd2', 'd3', 'd4', 'w1', 'w2');
  const [d1, d2, d3, d4] = [u1, u2, u3, u4].map((u, i) => new DesktopSender(u, `desk${i}`));
  await Promise.all([d1, d2, d3, d4].map((d) => d.connect()));
  const [w1, w2] = [new WebParticipant(u5), new WebParticipant(u6)];
  await Promise.all([w1, w2].map((w) => w.connect(service.api.url)));

  const started = Date.now();
  const chaos = (async () => {
    await sleep(KILL_AT_S * 1000);
    const bringBack = await service.inflict(fault);
    await sleep(DOWN_S * 1000);
    await bringBack();
  })();
  const desktopLoad = paced(started, DESKTOP_MESSAGES / 2, (i) => Promise.all([d1.send(d2.jid, `c1-${run}-${i}`), d3.send(w1.jid, `c2d-${run}-${i}`)]));
  const webLoad = paced(started, WEB_MESSAGES / 2, (i) => Promise.all([w1.send(d3.jid, `c2w-${run}-${i}`), w2.send(d4.jid, `c3-${run}-${i}`)]));
  await Promise.all([desktopLoad, webLoad, chaos]);
  await Promise.all([d1, d3].map((d) => d.confirm()));

  const conversation = (a: string, b: string) => directConversation(toBareJid(a), toBareJid(b)).id;
  const c1 = conversation(d1.jid, d2.jid);
  const c2 = conversation(d3.jid, w1.jid);
  const c3 = conversation(w2.jid, d4.jid);
  const expected = new Map<string, string[]>([
    [c1, d1.confirmed],
    [c2, [...d3.confirmed, ...w1.confirmed]],
    [c3, w2.confirmed],
  ]);
  const messages = mongo.db(stores.MONGO_DB).collection<{ _id: string; conversationId: string; body: string }>('messages');
  const archivedBodies = async () => {
    const byConversation = new Map<string, string[]>();
    for (const doc of await messages.find({}, { projection: { conversationId: 1, body: 1 } }).toArray()) {
      byConversation.set(doc.conversationId, [...(byConversation.get(doc.conversationId) ?? []), doc.body]);
    }
    return byConversation;
  };
  const missingNow = async () => {
    const archived = await archivedBodies();
    let missing = 0;
    for (const [id, bodies] of expected) {
      const have = new Set(archived.get(id) ?? []);
      missing += bodies.filter((b) => !have.has(b)).length;
    }
    return missing;
  };
  const webMissingNow = () => {
    const seen = (w: WebParticipant) => new Set(w.messages.values());
    return expected.get(c2)!.filter((b) => !seen(w1).has(b)).length + w2.confirmed.filter((b) => !seen(w2).has(b)).length;
  };
  const deadline = Date.now() + DRAIN_S * 1000;
  while (Date.now() < deadline && ((await missingNow()) > 0 || webMissingNow() > 0)) await sleep(1000);
  const drainedInS = Math.round((Date.now() - started - LOAD_S * 1000) / 100) / 10;
  // Late duplicates (a send retried after the count) would show within a few more seconds.
  await sleep(5000);

  const archived = await archivedBodies();
  // The bench's own conversations only (anyone else on the test stack talks in theirs).
  const all = [...expected.keys()].flatMap((id) => archived.get(id) ?? []);
  const duplicated = all.length - new Set(all).size;
  const twiceSeen = (w: WebParticipant) => {
    const bodies = [...w.messages.values()];
    return bodies.length - new Set(bodies).size;
  };
  const receivedTwice = (d: DesktopSender, prefix: string) => {
    const bodies = d.received.filter((b) => b.startsWith(prefix));
    return bodies.length - new Set(bodies).size;
  };
  const row: Row = {
    killed: fault,
    desktopSent: d1.confirmed.length + d3.confirmed.length,
    webSent: w1.confirmed.length + w2.confirmed.length,
    inDoubt: d1.inDoubt.length + d3.inDoubt.length + w1.refused.length + w2.refused.length,
    archived: new Set(all).size,
    missing: await missingNow(),
    duplicated,
    webParticipantsMissing: webMissingNow(),
    webParticipantsDuplicated: twiceSeen(w1) + twiceSeen(w2),
    desktopReceivedTwice: receivedTwice(d3, 'c2w-') + receivedTwice(d4, 'c3-'),
    catchUps: w1.catchUps + w2.catchUps,
    drainedInS,
  };
  w1.close();
  w2.close();
  await Promise.all([d1, d2, d3, d4].map((d) => d.stop()));
  return row;
}

/** Runs `step` `count` times, evenly over the load's LOAD_S seconds from `started`. */
async function paced(started: number, count: number, step: (i: number) => Promise<unknown>): Promise<void> {
  const gapMs = (LOAD_S * 1000) / count;
  for (let i = 0; i < count; i++) {
    const due = started + i * gapMs;
    if (due > Date.now()) await sleep(due - Date.now());
    await step(i);
  }
}

async function main(): Promise<void> {
  const mongo = await MongoClient.connect(process.env.MONGO_URL!);
  const rows: Row[] = [];
  console.log(`chaos: ${DESKTOP_MESSAGES} desktop + ${WEB_MESSAGES} web messages over ${LOAD_S} s, kill -9 at ${KILL_AT_S} s, back ${DOWN_S} s later`);
  for (const fault of ROWS) {
    const row = await runRow(fault, mongo);
    rows.push(row);
    console.log(
      `${row.killed.padEnd(22)} desktop sent ${row.desktopSent}  web sent ${row.webSent}  in doubt ${row.inDoubt}  archived ${row.archived}  ` +
        `missing ${row.missing}  duplicated ${row.duplicated}  web: missing ${row.webParticipantsMissing}, twice ${row.webParticipantsDuplicated}  ` +
        `desktop got a web message twice: ${row.desktopReceivedTwice}  catch-ups ${row.catchUps}  drained ${row.drainedInS} s after the load`,
    );
  }
  await mongo.close();
  const file = writeResults('chaos', {
    desktopMessages: DESKTOP_MESSAGES,
    webMessages: WEB_MESSAGES,
    loadSeconds: LOAD_S,
    killAtS: KILL_AT_S,
    downS: DOWN_S,
    domain: DOMAIN,
    rows,
  });
  console.log(`results: ${file}`);
}

runToExit(main);
