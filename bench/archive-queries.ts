/**
 * Archive query benchmark: search and history latency, p50/p95, on an archive of 1,000,000 messages in
 * 10,000 conversations, beside a plain `find` through the driver on the same server in the same run.
 *   1. Seeds a dedicated database (BENCH_DB, default bench_archive) straight through the driver, with documents
 *      shaped as the gateway writes them (ids, positions, `terms`/`prefixes` from indexTerms) and the indexes the
 *      schemas declare. The database is kept: a later run with the same sizes, seed and data version skips the
 *      seeding (BENCH_RESEED=1 forces it).
 *   2. Starts the built api on that database and sends N sequential REST requests of each kind: history (newest
 *      page, and a page from the middle with `before`), search (several queries, over all of the user's
 *      conversations and within one).
 *   3. The same server alone, through the driver: the history query, a search query and findOne by _id.
 * Prints a table and writes bench/results/archive-<time>.json. Run it with `bin/bench archive`.
 *
 * Knobs: BENCH_MESSAGES (1000000), BENCH_CONVERSATIONS (10000), BENCH_USERS (conversations / 5), BENCH_SEED (1),
 * BENCH_QUERIES (200 per kind), BENCH_KIND_SECONDS (60: a kind stops early past this, after at least
 * BENCH_MIN_QUERIES, 5), BENCH_KINDS (comma-separated parts of kind names: only those run, e.g.
 * "history: newest,findOne"), BENCH_WARMUP (3 unmeasured history requests), BENCH_DB (bench_archive), BENCH_RESEED=1.
 * Requests go over node:http without a client timeout: on a server that scans, one query can take minutes.
 */
import { createHash } from 'node:crypto';
import { Agent, request } from 'node:http';
import { cpus, loadavg } from 'node:os';
import { performance } from 'node:perf_hooks';
import { type Collection, type Document, MongoClient } from 'mongodb';
import type { BareJid } from '../libs/domain/src/jid/bare-jid';
import { directConversation, roomConversation } from '../libs/domain/src/conversation/conversation';
import { indexTerms, parseSearchQuery } from '../libs/domain/src/search/search-terms';
import { ArchivedMessageSchema } from '../libs/persistence/src/message/archived-message.schema';
import { ConversationMemberSchema, ConversationSchema } from '../libs/persistence/src/conversation/conversation.schema';
import { BuiltApp, freePort } from '../test/support/built-app';
import { accessToken } from '../test/support/tokens';
import { writeResults } from './support/results';
import { runToExit } from './support/run-to-exit';
import { percentile, round } from './support/statistics';

const env = process.env;
const MESSAGES = Number(env.BENCH_MESSAGES ?? 1_000_000);
const CONVERSATIONS = Number(env.BENCH_CONVERSATIONS ?? 10_000);
const USERS = Number(env.BENCH_USERS ?? Math.max(10, Math.round(CONVERSATIONS / 5)));
const SEED = Number(env.BENCH_SEED ?? 1);
const QUERIES = Number(env.BENCH_QUERIES ?? 200);
const KIND_SECONDS = Number(env.BENCH_KIND_SECONDS ?? 60);
const MIN_QUERIES = Math.min(QUERIES, Number(env.BENCH_MIN_QUERIES ?? 5));
const KINDS = (env.BENCH_KINDS ?? '')
  .split(',')
  .map((k) => k.trim())
  .filter(Boolean);
const WARMUP = Number(env.BENCH_WARMUP ?? 3);
const DB_NAME = env.BENCH_DB ?? 'bench_archive';
const RESEED = env.BENCH_RESEED === '1';
const DOMAIN = env.XMPP_DOMAIN ?? 'localhost';
const MUC_DOMAIN = env.XMPP_MUC_DOMAIN ?? 'conference.localhost';
/** Bump when the generated data changes shape: a kept database of another version is seeded again. */
const DATA_VERSION = 1;
const ROOM_SHARE = 0.1;
const BATCH = 2000;
const HISTORY_LIMIT = 50;
/** The messages' clock: one year from here, spread evenly in the order they were "sent". */
const EPOCH_MS = Date.UTC(2025, 0, 1);
const SPAN_MS = 365 * 24 * 3600 * 1000;

/** What the web client would send, as typed: a trailing word is a prefix lookup, earlier ones whole terms. */
const SEARCHES = [
  { key: 'common-word', q: 'project', what: 'a common English word' },
  { key: 'two-words', q: 'budget review', what: 'two words (term + prefix)' },
  { key: 'prefix', q: 'reu', what: 'a 3-letter prefix (réunion, reuse)' },
  { key: 'accented', q: 'équipe', what: 'an accented French word' },
  { key: 'korean', q: '회의', what: 'a Korean two-syllable fragment (CJK bigram)' },
] as const;

// --- deterministic generator --------------------------------------------------------------------------------

function mulberry32(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

type Rng = () => number;
const pick = <T>(rng: Rng, list: readonly T[]): T => list[Math.floor(rng() * list.length)];
const int = (rng: Rng, from: number, to: number) => from + Math.floor(rng() * (to - from + 1));

const PROJECTS = ['Atlas', 'Phoenix', 'Orion', 'Zephyr', 'Nova', 'Helios', 'Kestrel', 'Falcon', 'Borealis', 'Quasar'];
const NAMES = ['Alice', 'Bob', 'Chloé', 'Jürgen', 'Sofia', 'Karim', 'Yuki', 'Min-jun', 'Wei', 'Léa', 'Björn', 'Zoë', 'Ömer', 'Inès'];
const EN = {
  noun: ['report', 'slides', 'budget', 'roadmap', 'contract', 'invoice', 'draft', 'schedule', 'release notes', 'spreadsheet', 'design', 'proposal'],
  day: ['Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'tomorrow', 'next week'],
};
const FR = {
  nom: ['rapport', 'devis', 'planning', 'contrat', 'brouillon', 'tableau', 'compte rendu', 'cahier des charges', 'budget'],
  jour: ['lundi', 'mardi', 'mercredi', 'jeudi', 'vendredi', 'demain', 'la semaine prochaine'],
};
const DE = { tag: ['Montag', 'Dienstag', 'Mittwoch', 'Donnerstag', 'Freitag', 'morgen'], ort: ['München', 'Köln', 'Düsseldorf', 'Göttingen', 'Lübeck'] };

type Sentence = (r: Rng) => string;
const LANGUAGES: Array<{ lang: string; weight: number; sentences: Sentence[] }> = [
  {
    lang: 'en',
    weight: 40,
    sentences: [
      (r) => `Can we move the ${pick(r, EN.noun)} to ${pick(r, EN.day)}?`,
      (r) => `${pick(r, NAMES)} shared the ${pick(r, EN.noun)} for the ${pick(r, PROJECTS)} project`,
      (r) => `The budget review is scheduled for ${pick(r, EN.day)} at ${int(r, 9, 17)}:${pick(r, ['00', '30'])}`,
      (r) => `I pushed a fix for ticket ${pick(r, PROJECTS).toUpperCase()}-${int(r, 1, 9999)}, please review`,
      (r) => `Lunch at ${int(r, 11, 13)}:30? The new place near the station`,
      (r) => `Thanks, the ${pick(r, EN.noun)} looks good to me`,
      (r) => `Reminder: ${pick(r, PROJECTS)} project meeting ${pick(r, EN.day)}, room ${int(r, 100, 450)}`,
      (r) => `Could you reuse the ${pick(r, EN.noun)} from last quarter?`,
      (r) => `The deploy of ${pick(r, PROJECTS)} failed again, looking into it`,
      () => 'ok',
      () => 'on my way',
      () => 'Thanks! 👍',
      (r) => `Who owns the ${pick(r, EN.noun)} review this time?`,
    ],
  },
  {
    lang: 'fr',
    weight: 25,
    sentences: [
      (r) => `La réunion de ${pick(r, FR.jour)} est déplacée à ${int(r, 9, 17)} h`,
      (r) => `Peux-tu relire le ${pick(r, FR.nom)} avant ${pick(r, FR.jour)} ?`,
      (r) => `L'équipe ${pick(r, PROJECTS)} a terminé la présentation`,
      (r) => `Je serai en télétravail ${pick(r, FR.jour)}, on se voit à la réunion`,
      () => 'Merci pour le compte rendu, très clair !',
      (r) => `Le budget du projet ${pick(r, PROJECTS)} a été validé par la direction`,
      (r) => `Qui s'occupe du ${pick(r, FR.nom)} pour ${pick(r, NAMES)} ?`,
      () => "Déjà fini ? Génial, bravo à toute l'équipe",
      (r) => `On déjeune à ${int(r, 11, 13)} h au café près de la gare ?`,
      () => "Réunion d'équipe annulée, désolé",
      () => "d'accord",
    ],
  },
  {
    lang: 'de',
    weight: 15,
    sentences: [
      (r) => `Die Besprechung am ${pick(r, DE.tag)} fällt leider aus`,
      (r) => `Ich stehe noch im Stau auf der Straße nach ${pick(r, DE.ort)}`,
      (r) => `Das Projekt ${pick(r, PROJECTS)} ist größer als gedacht`,
      (r) => `Bitte den Bericht bis ${pick(r, DE.tag)} prüfen, danke`,
      () => 'Schöne Grüße und ein schönes Wochenende',
      (r) => `Die Maßnahmen für ${pick(r, PROJECTS)} sind beschlossen`,
      (r) => `Können wir das Meeting auf ${pick(r, DE.tag)} verschieben?`,
      () => 'Die Straße vor dem Büro ist gesperrt, bitte hinten rein',
    ],
  },
  {
    lang: 'ko',
    weight: 8,
    sentences: [
      (r) => `내일 회의는 오후 ${int(r, 1, 5)}시에 있습니다`,
      () => '보고서를 검토해 주세요',
      (r) => `${pick(r, PROJECTS)} 프로젝트 회의록을 공유했습니다`,
      () => '점심 같이 드실래요?',
      () => '회의실 예약했습니다',
      () => '감사합니다, 확인했습니다',
      () => '예산 검토는 다음 주에 합니다',
    ],
  },
  {
    lang: 'ja',
    weight: 6,
    sentences: [
      (r) => `明日の会議は午後${int(r, 1, 5)}時からです`,
      () => '資料を確認してください',
      (r) => `${pick(r, PROJECTS)}プロジェクトの進捗を共有します`,
      () => 'お疲れ様です、よろしくお願いします',
      () => '会議室を予約しました',
    ],
  },
  {
    lang: 'zh',
    weight: 6,
    sentences: [
      (r) => `明天的会议改到下午${int(r, 1, 5)}点`,
      () => '请检查一下报告',
      (r) => `${pick(r, PROJECTS)}项目的预算已经批准了`,
      () => '谢谢，收到',
      () => '会议室已经订好了',
    ],
  },
];
const LANGUAGE_WEIGHT = LANGUAGES.reduce((n, l) => n + l.weight, 0);

function body(rng: Rng): string {
  let w = rng() * LANGUAGE_WEIGHT;
  const language = LANGUAGES.find((l) => (w -= l.weight) < 0) ?? LANGUAGES[0];
  const x = rng();
  const count = x < 0.7 ? 1 : x < 0.9 ? 2 : 3;
  const sep = language.lang === 'ja' || language.lang === 'zh' ? '' : ' ';
  return Array.from({ length: count }, () => pick(rng, language.sentences)(rng)).join(sep);
}

// --- topology -----------------------------------------------------------------------------------------------

interface Conversation {
  id: string;
  kind: 'direct' | 'room';
  members: string[];
  /** The room JID, for room conversations. */
  room?: string;
  count: number;
  /** Position of the message in the middle: the `before` cursor of the paging-back history kind. */
  middle?: string;
}

interface Topology {
  users: string[];
  conversations: Conversation[];
}

function buildTopology(rng: Rng): Topology {
  const users = Array.from({ length: USERS }, (_, i) => `user${i}@${DOMAIN}`);
  const rooms = Math.round(CONVERSATIONS * ROOM_SHARE);
  const directs = CONVERSATIONS - rooms;
  if (directs > (USERS * (USERS - 1)) / 2) throw new Error(`${USERS} users cannot make ${directs} distinct pairs: raise BENCH_USERS`);
  const conversations: Conversation[] = [];
  const pairs = new Set<string>();
  while (pairs.size < directs) {
    const a = users[Math.floor(rng() * USERS)];
    const b = users[Math.floor(rng() * USERS)];
    if (a === b) continue;
    const ref = directConversation(a as BareJid, b as BareJid);
    if (pairs.has(ref.id)) continue;
    pairs.add(ref.id);
    conversations.push({ id: ref.id, kind: 'direct', members: ref.id.slice(3).split('|'), count: 0 });
  }
  for (let i = 0; i < rooms; i++) {
    const room = `room${i}@${MUC_DOMAIN}`;
    const size = Math.min(USERS, int(rng, 4, 36));
    const members = new Set<string>();
    while (members.size < size) members.add(users[Math.floor(rng() * USERS)]);
    conversations.push({ id: roomConversation(room as BareJid).id, kind: 'room', members: [...members], room, count: 0 });
  }
  // Messages per conversation: log-normal weights (a few busy conversations, many quiet ones), at least one each.
  const weights = conversations.map((c) => Math.exp(gaussian(rng)) * (c.kind === 'room' ? 2 : 1));
  const total = weights.reduce((a, b) => a + b, 0);
  let assigned = 0;
  conversations.forEach((c, i) => {
    c.count = Math.max(1, Math.floor((MESSAGES * weights[i]) / total));
    assigned += c.count;
  });
  while (assigned < MESSAGES) {
    conversations[Math.floor(rng() * conversations.length)].count++;
    assigned++;
  }
  while (assigned > MESSAGES) {
    const c = conversations[Math.floor(rng() * conversations.length)];
    if (c.count > 1) {
      c.count--;
      assigned--;
    }
  }
  return { users, conversations };
}

function gaussian(rng: Rng): number {
  return Math.sqrt(-2 * Math.log(1 - rng())) * Math.cos(2 * Math.PI * rng());
}

const position = (ms: number, seq: number) => `${String(ms).padStart(15, '0')}-${String(seq).padStart(6, '0')}`;
const messageId = (k: number) => `msg_${createHash('sha256').update(`${SEED}|${k}`).digest('base64url').slice(0, 22)}`;
const randomToken = (rng: Rng, length: number) => Array.from({ length }, () => Math.floor(rng() * 36).toString(36)).join('');

// --- seeding -----------------------------------------------------------------------------------------------

interface Marker {
  _id: 'marker';
  version: number;
  seed: number;
  messages: number;
  conversations: number;
  users: number;
  seededAt: Date;
  /** Messages only. */
  insertSeconds: number;
  insertDocsPerSecond: number;
  /** Members and conversation list. */
  othersSeconds: number;
  indexSeconds?: number;
  /** Messages whose terms/prefixes each search query matches. */
  matches: Record<string, number>;
}

async function seed(mongo: MongoClient): Promise<{ marker: Marker; topology: Topology; sampleIds: string[] }> {
  const db = mongo.db(DB_NAME);
  await db.dropDatabase();
  const rng = mulberry32(SEED);
  const topology = buildTopology(rng);
  const { conversations } = topology;

  // The global order of messages: each conversation's share, shuffled.
  const schedule = new Int32Array(MESSAGES);
  let k = 0;
  conversations.forEach((c, i) => schedule.fill(i, k, (k += c.count)));
  for (let i = MESSAGES - 1; i > 0; i--) {
    const j = Math.floor(rng() * (i + 1));
    [schedule[i], schedule[j]] = [schedule[j], schedule[i]];
  }

  const parsed = SEARCHES.map((s) => ({ key: s.key, query: parseSearchQuery(s.q) }));
  const matches: Record<string, number> = Object.fromEntries(SEARCHES.map((s) => [s.key, 0]));
  const seen = new Int32Array(conversations.length);
  const last: Array<{ id: string; author: string; body: string; at: Date; position: string } | undefined> = [];
  const sampleIds: string[] = [];
  const messages = db.collection('messages');
  let batch: Document[] = [];
  let pending: Promise<unknown> = Promise.resolve();
  let previousMs = -1;
  let seq = 0;
  const started = performance.now();
  let lastReport = started;
  for (let n = 0; n < MESSAGES; n++) {
    const ci = schedule[n];
    const c = conversations[ci];
    const ms = EPOCH_MS + Math.floor((n * SPAN_MS) / MESSAGES);
    seq = ms === previousMs ? seq + 1 : 0;
    previousMs = ms;
    const pos = position(ms, seq);
    const author = pick(rng, c.members);
    const text = body(rng);
    const index = indexTerms(text);
    const id = messageId(n);
    const doc = {
      _id: id,
      conversationId: c.id,
      conversationKind: c.kind,
      messageType: c.kind === 'room' ? 'groupchat' : 'chat',
      author,
      to: c.kind === 'room' ? c.room! : c.members.find((m) => m !== author)!,
      body: text,
      aliases: [`${randomToken(rng, 8)}-${randomToken(rng, 4)}`, randomToken(rng, 16)],
      sentAt: new Date(ms),
      position: pos,
      edits: [],
      ...index,
    };
    batch.push(doc);
    if (seen[ci] === Math.floor(c.count / 2) && c.count >= 2) c.middle = pos;
    seen[ci]++;
    last[ci] = { id, author, body: text, at: doc.sentAt, position: pos };
    if (n % Math.max(1, Math.floor(MESSAGES / 1000)) === 0) sampleIds.push(id);
    for (const p of parsed) {
      if ('error' in p.query) continue;
      const q = p.query;
      if (q.terms.every((t) => index.terms.includes(t)) && (!q.prefix || index.prefixes.includes(q.prefix))) matches[p.key]++;
    }
    if (batch.length === BATCH || n === MESSAGES - 1) {
      await pending;
      const docs = batch;
      batch = [];
      pending = messages.insertMany(docs, { ordered: false });
      // Let the driver put the batch on the wire before the next one is generated.
      await new Promise((r) => setImmediate(r));
      const now = performance.now();
      if (now - lastReport > 15_000) {
        lastReport = now;
        const rate = (n + 1) / ((now - started) / 1000);
        console.log(`  seeded ${n + 1} messages, ${Math.round(rate)}/s, about ${Math.round((MESSAGES - n - 1) / rate)} s to go`);
      }
    }
  }
  await pending;
  const insertSeconds = (performance.now() - started) / 1000;

  // Members and the conversation list, as the gateway's bookkeeping leaves them.
  const memberDocs = conversations.flatMap((c, i) =>
    c.members.map((jid) => ({
      _id: `${c.id}|${jid}`,
      conversationId: c.id,
      jid,
      ...(c.kind === 'room' ? { nick: jid.slice(0, jid.indexOf('@')) } : {}),
      unread: 0,
      lastActivityAt: last[i]!.at,
    })),
  );
  for (let i = 0; i < memberDocs.length; i += BATCH) await db.collection('conversation_members').insertMany(memberDocs.slice(i, i + BATCH) as never, { ordered: false });
  const conversationDocs = conversations.map((c, i) => ({
    _id: c.id,
    kind: c.kind,
    addresses: c.kind === 'room' ? [c.room!] : c.members,
    lastActivityAt: last[i]!.at,
    lastMessage: { id: last[i]!.id, author: last[i]!.author, excerpt: last[i]!.body.slice(0, 140), at: last[i]!.at, position: last[i]!.position },
    messageCount: c.count,
  }));
  for (let i = 0; i < conversationDocs.length; i += BATCH) await db.collection('conversations').insertMany(conversationDocs.slice(i, i + BATCH) as never, { ordered: false });
  const othersSeconds = (performance.now() - started) / 1000 - insertSeconds;

  const marker: Marker = {
    _id: 'marker',
    version: DATA_VERSION,
    seed: SEED,
    messages: MESSAGES,
    conversations: CONVERSATIONS,
    users: USERS,
    seededAt: new Date(),
    insertSeconds: round(insertSeconds),
    insertDocsPerSecond: Math.round(MESSAGES / insertSeconds),
    othersSeconds: round(othersSeconds),
    matches,
  };
  return { marker, topology, sampleIds };
}

/** The indexes the schemas declare, created the way mongoose's autoIndex does (same keys, same default names). */
async function ensureIndexes(mongo: MongoClient): Promise<{ seconds: number; created: string[] }> {
  const db = mongo.db(DB_NAME);
  const wanted: Array<[string, Array<[Record<string, 1 | -1>, Record<string, unknown>]>]> = [
    ['messages', ArchivedMessageSchema.indexes() as never],
    ['conversation_members', ConversationMemberSchema.indexes() as never],
    ['conversations', ConversationSchema.indexes() as never],
  ];
  const created: string[] = [];
  const started = performance.now();
  for (const [name, indexes] of wanted) {
    const collection = db.collection(name);
    for (const [keys, options] of indexes) {
      const t = performance.now();
      const indexName = await collection.createIndex(keys, options);
      created.push(`${name}.${indexName} (${round((performance.now() - t) / 1000)} s)`);
    }
    const present = new Set((await collection.listIndexes().toArray()).map((i) => i.name as string));
    const missing = indexes
      .map(([keys]) =>
        Object.entries(keys)
          .map(([f, d]) => `${f}_${d}`)
          .join('_'),
      )
      .filter((n) => !present.has(n));
    if (missing.length) throw new Error(`${name}: indexes missing after createIndex: ${missing.join(', ')}`);
  }
  return { seconds: round((performance.now() - started) / 1000), created };
}

// --- measuring ---------------------------------------------------------------------------------------------

interface Measured {
  name: string;
  group: 'api' | 'driver';
  requests: number;
  errors: number;
  firstError?: string;
  p50Ms: number;
  p95Ms: number;
  maxMs: number;
  meanMs: number;
  requestsPerSecond: number;
  /** Mean number of messages returned. */
  meanResults: number;
  stoppedEarly: boolean;
}

const selected = (name: string) => KINDS.length === 0 || KINDS.some((k) => name.includes(k));

async function measure(name: string, group: Measured['group'], run: (i: number) => Promise<number>): Promise<Measured | undefined> {
  if (!selected(name)) return undefined;
  const latencies: number[] = [];
  let errors = 0;
  let firstError: string | undefined;
  let results = 0;
  const started = performance.now();
  let i = 0;
  for (; i < QUERIES; i++) {
    if (i >= MIN_QUERIES && performance.now() - started > KIND_SECONDS * 1000) break;
    const t = performance.now();
    try {
      results += await run(i);
      latencies.push(performance.now() - t);
    } catch (error) {
      errors++;
      firstError ??= (error as Error).message.slice(0, 300);
    }
  }
  const elapsed = performance.now() - started;
  const sorted = latencies.sort((a, b) => a - b);
  const out: Measured = {
    name,
    group,
    requests: i,
    errors,
    ...(firstError ? { firstError } : {}),
    p50Ms: round(percentile(sorted, 50)),
    p95Ms: round(percentile(sorted, 95)),
    maxMs: round(sorted.at(-1) ?? NaN),
    meanMs: round(sorted.reduce((a, b) => a + b, 0) / (sorted.length || 1)),
    requestsPerSecond: round((i / elapsed) * 1000),
    meanResults: round(results / (latencies.length || 1)),
    stoppedEarly: i < QUERIES,
  };
  console.log(row(out));
  return out;
}

const HEADER = `${'kind'.padEnd(58)} ${'n'.padStart(4)} ${'p50 ms'.padStart(9)} ${'p95 ms'.padStart(9)} ${'max ms'.padStart(9)} ${'req/s'.padStart(7)} ${'hits'.padStart(5)} err`;
function row(m: Measured): string {
  const f = (n: number) => (n >= 100 ? String(Math.round(n)) : n.toFixed(1)).padStart(9);
  return `${m.name.padEnd(58)} ${String(m.requests).padStart(4)} ${f(m.p50Ms)} ${f(m.p95Ms)} ${f(m.maxMs)} ${m.requestsPerSecond.toFixed(1).padStart(7)} ${String(Math.round(m.meanResults)).padStart(5)} ${m.errors}${m.stoppedEarly ? '  (time budget)' : ''}`;
}

/** The plan, cut down to what tells whether an index was used. */
function planSummary(explain: Document): Document {
  if (explain.filterPushdown !== undefined || explain.sortPushdown !== undefined) {
    // FerretDB: what reached SQLite, and SQLite's own plan.
    const plan = explain.queryPlanner?.Plan ?? explain.queryPlanner;
    return { filterPushdown: explain.filterPushdown, sortPushdown: explain.sortPushdown, limitPushdown: explain.limitPushdown, sqlitePlan: plan };
  }
  const stages: string[] = [];
  const walk = (node: Document | undefined) => {
    if (!node) return;
    stages.push(node.indexName ? `${node.stage}(${node.indexName})` : node.stage);
    walk(node.inputStage);
    (node.inputStages as Document[] | undefined)?.forEach(walk);
  };
  walk(explain.queryPlanner?.winningPlan?.queryPlan ?? explain.queryPlanner?.winningPlan);
  return { winningPlan: stages.join(' <- '), totalDocsExamined: explain.executionStats?.totalDocsExamined, nReturned: explain.executionStats?.nReturned };
}

/** The number of documents, from the server's statistics: FerretDB's count command reads every document. */
async function countOf(collection: Collection<Document>): Promise<number> {
  try {
    const stats = await collection.db.command({ collStats: collection.collectionName });
    if (typeof stats.count === 'number') return stats.count;
  } catch {
    // collStats may be gone from a future mongod: fall through.
  }
  return collection.estimatedDocumentCount();
}

// --- main --------------------------------------------------------------------------------------------------

async function main(): Promise<void> {
  const run = Date.now().toString(36);
  const results: Record<string, unknown> = {
    run,
    startedAt: new Date().toISOString(),
    machine: { cores: cpus().length, loadAverageAtStart: loadavg().map((n) => round(n, 2)) },
    note: 'sequential requests, one at a time; other work may share the machine (figures are noisy)',
    config: {
      queriesPerKind: QUERIES,
      kindSeconds: KIND_SECONDS,
      minQueries: MIN_QUERIES,
      kinds: KINDS.length ? KINDS : 'all',
      warmup: WARMUP,
      historyLimit: HISTORY_LIMIT,
      database: DB_NAME,
    },
  };
  const mongo = await MongoClient.connect(env.MONGO_URL ?? 'mongodb://127.0.0.1:27117');
  const db = mongo.db(DB_NAME);
  const buildInfo = await db.admin().command({ buildInfo: 1 });
  const ferret = (buildInfo.ferretdbVersion ?? buildInfo.ferretdb?.version) as string | undefined;
  const server = { kind: ferret ? 'FerretDB' : 'mongod', version: buildInfo.version, ...(ferret ? { ferretdbVersion: ferret } : {}), url: env.MONGO_URL };
  results.server = server;
  console.log(`server: ${server.kind} ${ferret ?? buildInfo.version} (wire version ${buildInfo.version}), database ${DB_NAME}`);

  // 1. The archive: kept from an earlier run when it matches, seeded otherwise.
  const meta = db.collection<Document>('bench_meta');
  const existing = (await meta.findOne({ _id: 'marker' } as never)) as Marker | null;
  const matchesSizes =
    existing &&
    existing.version === DATA_VERSION &&
    existing.seed === SEED &&
    existing.messages === MESSAGES &&
    existing.conversations === CONVERSATIONS &&
    existing.users === USERS;
  const stored = matchesSizes ? await countOf(db.collection('messages')) : -1;
  let marker: Marker;
  let topology: Topology;
  let sampleIds: string[];
  let seeding: Record<string, unknown>;
  if (!RESEED && matchesSizes && stored === MESSAGES) {
    console.log(`\n1. archive: kept from ${existing.seededAt.toISOString()} (${MESSAGES} messages, ${CONVERSATIONS} conversations; BENCH_RESEED=1 seeds again)`);
    marker = existing;
    const saved = (await meta.findOne({ _id: 'topology' } as never)) as unknown as { topology: Topology; sampleIds: string[] };
    ({ topology, sampleIds } = saved);
    seeding = {
      skipped: true,
      seededAt: existing.seededAt,
      atSeeding: {
        insertSeconds: existing.insertSeconds,
        insertDocsPerSecond: existing.insertDocsPerSecond,
        othersSeconds: existing.othersSeconds,
        indexSeconds: existing.indexSeconds,
      },
    };
  } else {
    console.log(`\n1. seeding ${MESSAGES} messages in ${CONVERSATIONS} conversations of ${USERS} users into ${DB_NAME} (batches of ${BATCH})`);
    ({ marker, topology, sampleIds } = await seed(mongo));
    console.log(`  inserted in ${marker.insertSeconds} s: ${marker.insertDocsPerSecond} messages/s`);
    seeding = { skipped: false, insertSeconds: marker.insertSeconds, insertDocsPerSecond: marker.insertDocsPerSecond, othersSeconds: marker.othersSeconds };
  }
  console.log('  indexes (as the schemas declare them):');
  const indexes = await ensureIndexes(mongo);
  indexes.created.forEach((c) => console.log(`    ${c}`));
  seeding.indexSeconds = indexes.seconds;
  if (!seeding.skipped) {
    // Written last: a seeding cut short leaves no marker, and the next run starts over.
    await meta.insertOne({ _id: 'topology', topology, sampleIds } as never);
    await meta.insertOne({ ...marker, indexSeconds: indexes.seconds } as never);
    seeding.totalSeconds = round(marker.insertSeconds + marker.othersSeconds + indexes.seconds);
  }
  results.seeding = seeding;

  const { users, conversations } = topology;
  const byUser = new Map<string, Conversation[]>();
  for (const c of conversations) for (const m of c.members) byUser.set(m, [...(byUser.get(m) ?? []), c]);
  const active = users.filter((u) => byUser.has(u));
  const perUser = active.map((u) => byUser.get(u)!.length).sort((a, b) => a - b);
  const sizes = {
    messages: MESSAGES,
    conversations: CONVERSATIONS,
    rooms: conversations.filter((c) => c.kind === 'room').length,
    direct: conversations.filter((c) => c.kind === 'direct').length,
    users: USERS,
    members: conversations.reduce((n, c) => n + c.members.length, 0),
    conversationsPerUser: { p50: percentile(perUser, 50), p95: percentile(perUser, 95), max: perUser.at(-1) },
    messagesPerConversation: (() => {
      const counts = conversations.map((c) => c.count).sort((a, b) => a - b);
      return { p50: percentile(counts, 50), p95: percentile(counts, 95), max: counts.at(-1) };
    })(),
    seed: SEED,
    dataVersion: DATA_VERSION,
  };
  results.sizes = sizes;
  results.searches = SEARCHES.map((s) => ({ ...s, parsed: parseSearchQuery(s.q), matchingMessages: marker.matches[s.key], share: round(marker.matches[s.key] / MESSAGES, 4) }));
  console.log(
    `  ${sizes.rooms} rooms, ${sizes.direct} direct; conversations per user p50 ${sizes.conversationsPerUser.p50}, p95 ${sizes.conversationsPerUser.p95}; messages per conversation p50 ${sizes.messagesPerConversation.p50}, max ${sizes.messagesPerConversation.max}`,
  );
  for (const s of SEARCHES) console.log(`  "${s.q}" matches ${marker.matches[s.key]} messages (${round((100 * marker.matches[s.key]) / MESSAGES, 2)} %)`);

  // 2. The api on that archive.
  const api = new BuiltApp('api', await freePort(), {
    MONGO_DB: DB_NAME,
    QUEUE_PREFIX: `bench_archive_${run}`,
    READ_RATE_PER_MINUTE: '100000',
    SEND_RATE_PER_MINUTE: '100000',
    LOG_LEVEL: env.BENCH_APP_LOG_LEVEL ?? 'error',
  });
  await api.start();
  const tokens = new Map<string, Promise<string>>();
  const token = (user: string) => {
    if (!tokens.has(user)) tokens.set(user, accessToken(user, { expiresIn: '4h' }));
    return tokens.get(user)!;
  };
  const agent = new Agent({ keepAlive: true, maxSockets: 1 });
  const get = async (path: string, user: string): Promise<Document> => {
    const authorization = `Bearer ${await token(user)}`;
    const { status, text } = await new Promise<{ status: number; text: string }>((done, fail) => {
      const req = request(`${api.url}${path}`, { agent, headers: { authorization } }, (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => done({ status: res.statusCode ?? 0, text: Buffer.concat(chunks).toString() }));
        res.on('error', fail);
      });
      req.on('error', fail);
      req.end();
    });
    if (status !== 200) throw new Error(`${status} ${path}: ${text.slice(0, 200)}`);
    return JSON.parse(text) as Document;
  };
  const pickRng = mulberry32(SEED * 7919 + 17);
  const someone = () => pick(pickRng, active);
  const theirs = (user: string, filter: (c: Conversation) => boolean = () => true) => {
    const own = byUser.get(user)!.filter(filter);
    return own.length ? pick(pickRng, own) : undefined;
  };
  const randomConversation = (filter?: (c: Conversation) => boolean): { user: string; c: Conversation } => {
    for (;;) {
      const user = someone();
      const c = theirs(user, filter);
      if (c) return { user, c };
    }
  };
  const historyPath = (c: Conversation, before?: string) => `/api/v1/conversations/${encodeURIComponent(c.id)}/messages?limit=${HISTORY_LIMIT}${before ? `&before=${before}` : ''}`;

  // Warm-up, not measured: JIT, connections, the server's page cache.
  for (let i = 0; i < WARMUP; i++) {
    const { user, c } = randomConversation();
    await get(historyPath(c), user);
  }

  console.log(`\n2. through the api (REST, sequential; up to ${QUERIES} requests per kind, ${KIND_SECONDS} s budget after ${MIN_QUERIES})`);
  console.log(HEADER);
  const measured: Measured[] = [];
  const record = (m: Measured | undefined) => void (m && measured.push(m));
  record(
    await measure(`history: newest ${HISTORY_LIMIT}`, 'api', async () => {
      const { user, c } = randomConversation();
      const page = await get(historyPath(c), user);
      return page.messages.length;
    }),
  );
  record(
    await measure(`history: ${HISTORY_LIMIT} before the middle`, 'api', async () => {
      const { user, c } = randomConversation((x) => !!x.middle);
      const page = await get(historyPath(c, c.middle), user);
      return page.messages.length;
    }),
  );
  for (const s of SEARCHES) {
    record(
      await measure(`search "${s.q}" in all the user's conversations`, 'api', async () => {
        const user = someone();
        return (await get(`/api/v1/search?q=${encodeURIComponent(s.q)}`, user)).hits.length;
      }),
    );
  }
  for (const s of SEARCHES) {
    record(
      await measure(`search "${s.q}" in one conversation`, 'api', async () => {
        const { user, c } = randomConversation();
        return (await get(`/api/v1/search?q=${encodeURIComponent(s.q)}&conversationId=${encodeURIComponent(c.id)}`, user)).hits.length;
      }),
    );
  }
  agent.destroy();
  await api.stop();

  // 3. The same server alone, same run.
  console.log('\n3. the same server through the driver alone');
  console.log(HEADER);
  const messages: Collection<Document> = db.collection('messages');
  const common = parseSearchQuery(SEARCHES[0].q) as { terms: string[]; prefix?: string };
  const searchFilter = (ids: string[]) => ({ conversationId: { $in: ids }, ...(common.prefix ? { prefixes: common.prefix } : { terms: common.terms[0] }) });
  record(
    await measure(`find by conversationId, newest ${HISTORY_LIMIT}`, 'driver', async () => {
      const { c } = randomConversation();
      return (await messages.find({ conversationId: c.id }).sort({ position: -1 }).limit(HISTORY_LIMIT).toArray()).length;
    }),
  );
  record(await measure('findOne by _id', 'driver', async () => ((await messages.findOne({ _id: pick(pickRng, sampleIds) } as never)) ? 1 : 0)));
  record(
    await measure(`find "${SEARCHES[0].q}" in the user's conversations ($in), 20`, 'driver', async () => {
      const ids = byUser.get(someone())!.map((c) => c.id);
      return (
        await messages
          .find(searchFilter(ids), { projection: { terms: 0, prefixes: 0 } })
          .sort({ position: -1 })
          .limit(20)
          .toArray()
      ).length;
    }),
  );
  results.measurements = measured;

  // Whether the server answers these from an index.
  const probe = conversations.find((c) => c.kind === 'direct')!;
  const probeUser = probe.members[0];
  const explains: Record<string, unknown> = {};
  const plans: Array<[string, () => Promise<Document>]> = [
    ['history find', () => messages.find({ conversationId: probe.id }).sort({ position: -1 }).limit(HISTORY_LIMIT).explain('executionStats')],
    [
      'findOne _id',
      () =>
        messages
          .find({ _id: sampleIds[0] } as never)
          .limit(1)
          .explain('executionStats'),
    ],
    [
      'search $in + multikey prefix',
      () =>
        messages
          .find(searchFilter(byUser.get(probeUser)!.map((c) => c.id)))
          .sort({ position: -1 })
          .limit(20)
          .explain('executionStats'),
    ],
    ['search one conversation + multikey term', () => messages.find({ conversationId: probe.id, terms: 'budget' }).sort({ position: -1 }).limit(20).explain('executionStats')],
    ['members of a user', () => db.collection('conversation_members').find({ jid: probeUser }).explain('executionStats')],
  ];
  console.log('\nplans:');
  for (const [name, explain] of plans) {
    try {
      const summary = planSummary(await explain());
      explains[name] = summary;
      console.log(`  ${name}: ${JSON.stringify(summary)}`);
    } catch (error) {
      explains[name] = { error: (error as Error).message };
      console.log(`  ${name}: explain failed: ${(error as Error).message}`);
    }
  }
  results.plans = explains;

  const byName = (n: string) => measured.find((m) => m.name === n);
  const baseline = byName(`find by conversationId, newest ${HISTORY_LIMIT}`);
  const history = byName(`history: newest ${HISTORY_LIMIT}`);
  if (baseline && history) {
    results.ratios = { historyP50VsDriverFindP50: round(history.p50Ms / baseline.p50Ms, 2), historyP95VsDriverFindP95: round(history.p95Ms / baseline.p95Ms, 2) };
    console.log(
      `\nhistory p50 / driver find p50 = ${(results.ratios as Document).historyP50VsDriverFindP50}, p95 ratio = ${(results.ratios as Document).historyP95VsDriverFindP95}`,
    );
  }

  (results.machine as Document).loadAverageAtEnd = loadavg().map((n) => round(n, 2));
  results.finishedAt = new Date().toISOString();
  const file = writeResults('archive', results);
  console.log(`\nwritten ${file}`);
  await mongo.close();
}

runToExit(main);
