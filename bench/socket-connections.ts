/**
 * Socket.IO capacity benchmark: concurrent connections held by ONE api process while presence updates flow, the
 * number reached before p99 delivery passes 200 ms, and the api's memory per connection.
 *
 * One api and one worker (dist/, as separate processes) run against the stack. Sockets are opened in steps (each its
 * own user u<i> and JWT, websocket transport only) by client processes forked from this script; every socket watches
 * BENCH_WATCH_PER_SOCKET of BENCH_WATCHED_USERS users (`watch-presence`). Meanwhile a driver changes watched users'
 * presence at BENCH_PRESENCE_RATE per second the way the gateway does after mirroring a presence stanza: the badge is
 * written to the `presences` collection, then FanoutQueues.enqueuePresence (the product's own producer, so the same
 * 150 ms coalescing delay and de-duplication) hands it to the worker, which emits to the watchers through Redis. The
 * change's time travels in the presence's `status` (b|<change>|<ms>), so each client computes the latency end to end;
 * a Redis subscriber on the adapter's channel notes when each broadcast is published, which splits that latency into
 * the store write, the queue and worker (coalescing delay included), and the api's own leg (Redis → socket).
 *
 * At every step, over BENCH_STEP_SECONDS: latency p50/p99 (end to end and by leg), events delivered vs expected, a
 * ping round trip, the api's RSS (/proc/<pid>/status VmRSS), its live heap and GC pauses (the api runs with
 * --trace-gc), the CPU of every process, and the load generator's own event-loop lag, since it shares the machine's
 * cores with the api. Stepping stops when the api's leg passes the limit, when connections fail or deliveries fall
 * short, or at the open-file ceiling of the api process.
 *
 * The defaults (100 watched users, 5 changes/s, 5 watched per socket: a quarter of an event per socket per second)
 * keep the store out of the way: the stack's MongoDB-wire server (FerretDB on SQLite) does not use the _id index for
 * `_id: { $in }`, which PresenceRepository.findMany sends for every watch and every fan-out job, so each costs a scan
 * of the whole presences collection.
 *
 * Prints a table per step and writes bench/results/sockets-<time>.json. Run it with `bin/bench sockets`, or on the
 * dev stack: eval "$(STACK_PROFILE=dev bin/stack env)"; node -r ts-node/register/transpile-only
 * -r tsconfig-paths/register bench/socket-connections.ts. Knobs: BENCH_SOCKET_STEPS, BENCH_MAX_SOCKETS,
 * BENCH_STEP_SECONDS, BENCH_P99_LIMIT_MS, BENCH_WATCHED_USERS, BENCH_WATCH_PER_SOCKET, BENCH_PRESENCE_RATE,
 * BENCH_CLIENT_PROCESSES, BENCH_CONNECT_CONCURRENCY, BENCH_SETTLE_SECONDS, BENCH_GRACE_SECONDS.
 */
import { type ChildProcess, execFileSync, fork } from 'node:child_process';
import { closeSync, existsSync, mkdirSync, openSync, readdirSync, readFileSync, readSync, statSync, writeFileSync } from 'node:fs';
import { cpus, tmpdir } from 'node:os';
import { resolve } from 'node:path';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import type { Socket } from 'socket.io-client';

const DOMAIN = process.env.XMPP_DOMAIN ?? 'localhost';
const RUN = process.env.BENCH_SOCKETS_RUN ?? Date.now().toString(36);
const STEPS = (process.env.BENCH_SOCKET_STEPS ?? '500,1000,2000,4000,8000,12000,16000,20000').split(',').map(Number);
const MAX_SOCKETS = Number(process.env.BENCH_MAX_SOCKETS ?? 20_000);
const STEP_SECONDS = Number(process.env.BENCH_STEP_SECONDS ?? 15);
const SETTLE_SECONDS = Number(process.env.BENCH_SETTLE_SECONDS ?? 3);
const GRACE_SECONDS = Number(process.env.BENCH_GRACE_SECONDS ?? 5);
const P99_LIMIT_MS = Number(process.env.BENCH_P99_LIMIT_MS ?? 200);
const WATCHED_USERS = Number(process.env.BENCH_WATCHED_USERS ?? 100);
const WATCH_PER_SOCKET = Math.min(WATCHED_USERS, Number(process.env.BENCH_WATCH_PER_SOCKET ?? 5));
const PRESENCE_RATE = Number(process.env.BENCH_PRESENCE_RATE ?? 5);
const CLIENT_PROCESSES = Number(process.env.BENCH_CLIENT_PROCESSES ?? 2);
const CONNECT_CONCURRENCY = Number(process.env.BENCH_CONNECT_CONCURRENCY ?? 100);
/** File descriptors the api keeps free for its own use (Redis, MongoDB, logs, the listener) beyond the sockets. */
const FD_RESERVE = 200;

// ---------------------------------------------------------------------------------------------------------------
// Shared by the driver and the client processes.

function watchedJid(j: number): string {
  return `w${j}@${DOMAIN}`;
}

/** The users socket i watches: WATCH_PER_SOCKET distinct ones, the same in every process (a seeded xorshift). */
function watchList(i: number): number[] {
  let x = (Math.imul(i + 1, 2654435761) ^ 0x9e3779b9) >>> 0 || 1;
  const picked = new Set<number>();
  while (picked.size < WATCH_PER_SOCKET) {
    x ^= x << 13;
    x >>>= 0;
    x ^= x >>> 17;
    x ^= x << 5;
    x >>>= 0;
    picked.add(x % WATCHED_USERS);
  }
  return [...picked];
}

/** `status` of a benchmark presence: b|<change number>|<ms since epoch when the change was made>. */
function parseStatus(status: string | undefined): { seq: number; sentAt: number } | undefined {
  if (!status?.startsWith('b|')) return undefined;
  const [, seq, sentAt] = status.split('|');
  return { seq: Number(seq), sentAt: Number(sentAt) };
}

function percentile(sorted: ArrayLike<number>, p: number): number {
  if (sorted.length === 0) return NaN;
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))];
}

const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));

// ---------------------------------------------------------------------------------------------------------------
// Client process: holds its share of the sockets and records the presence events they receive.

type ClientCommand =
  | { id: number; type: 'open'; url: string; indices: number[] }
  | { id: number; type: 'reset' }
  | { id: number; type: 'count'; fromSeq: number; toSeq: number }
  | { id: number; type: 'collect'; fromSeq: number; toSeq: number }
  | { id: number; type: 'close' };
/** A command before the parent numbers it. */
type Command = ClientCommand extends infer C ? (C extends unknown ? Omit<C, 'id'> : never) : never;

interface OpenResult {
  opened: number[];
  failures: Record<string, number>;
}

interface CollectResult {
  received: number;
  /** Change numbers and their end-to-end latencies (ms), pairwise. */
  seqs: number[];
  latencies: number[];
  loopLagP99Ms: number;
  loopLagMaxMs: number;
  cpuPercent: number;
  rssMb: number;
  sockets: number;
  unexpectedDisconnects: Record<string, number>;
}

async function clientMain(): Promise<void> {
  const { io } = await import('socket.io-client');
  const { accessToken } = await import('../test/support/tokens');
  const sockets: Socket[] = [];
  let seqs: number[] = [];
  let lats: number[] = [];
  const unexpectedDisconnects: Record<string, number> = {};
  let closing = false;
  const lag = monitorEventLoopDelay({ resolution: 10 });
  lag.enable();
  let cpuMark = process.cpuUsage();
  let wallMark = performance.now();

  const onPresence = (p: { status?: string }) => {
    const parsed = parseStatus(p?.status);
    if (!parsed) return;
    seqs.push(parsed.seq);
    lats.push(Date.now() - parsed.sentAt);
  };

  async function openOne(url: string, i: number): Promise<void> {
    const token = await accessToken(`u${i}`, { expiresIn: '3h' });
    const socket = io(url, { auth: { token }, transports: ['websocket'], reconnection: false, forceNew: true, timeout: 60_000 });
    try {
      await new Promise<void>((ok, fail) => {
        socket.once('connect', () => ok());
        socket.once('connect_error', (e) => fail(e));
      });
      socket.on('presence', onPresence);
      const ack = (await socket.timeout(60_000).emitWithAck('watch-presence', { jids: watchList(i).map(watchedJid) })) as { presences?: unknown[]; error?: string };
      if (!ack?.presences) throw new Error(`watch-presence refused: ${ack?.error ?? 'no answer'}`);
      socket.on('disconnect', (reason) => {
        if (!closing) unexpectedDisconnects[reason] = (unexpectedDisconnects[reason] ?? 0) + 1;
      });
      sockets.push(socket);
    } catch (error) {
      socket.close();
      throw error;
    }
  }

  async function open(url: string, indices: number[]): Promise<OpenResult> {
    const opened: number[] = [];
    const failures: Record<string, number> = {};
    let next = 0;
    await Promise.all(
      Array.from({ length: Math.min(CONNECT_CONCURRENCY, indices.length) }, async () => {
        while (next < indices.length) {
          const i = indices[next++];
          try {
            await openOne(url, i);
            opened.push(i);
          } catch (error) {
            const reason = String((error as Error).message ?? error).slice(0, 80);
            failures[reason] = (failures[reason] ?? 0) + 1;
          }
        }
      }),
    );
    return { opened, failures };
  }

  function inRange(fromSeq: number, toSeq: number): { seqs: number[]; latencies: number[] } {
    const out = { seqs: [] as number[], latencies: [] as number[] };
    for (let k = 0; k < seqs.length; k++) {
      if (seqs[k] >= fromSeq && seqs[k] < toSeq) (out.seqs.push(seqs[k]), out.latencies.push(lats[k]));
    }
    return out;
  }

  process.on('message', (raw) => {
    const command = raw as ClientCommand;
    const reply = (result: unknown) => process.send!({ id: command.id, result });
    switch (command.type) {
      case 'open':
        void open(command.url, command.indices).then(reply);
        break;
      case 'reset':
        seqs = [];
        lats = [];
        lag.reset();
        cpuMark = process.cpuUsage();
        wallMark = performance.now();
        reply({});
        break;
      case 'count': {
        let n = 0;
        for (const s of seqs) if (s >= command.fromSeq && s < command.toSeq) n++;
        reply(n);
        break;
      }
      case 'collect': {
        const arrivals = inRange(command.fromSeq, command.toSeq);
        const cpu = process.cpuUsage(cpuMark);
        const result: CollectResult = {
          received: arrivals.latencies.length,
          ...arrivals,
          loopLagP99Ms: lag.percentile(99) / 1e6,
          loopLagMaxMs: lag.max / 1e6,
          cpuPercent: ((cpu.user + cpu.system) / 1000 / (performance.now() - wallMark)) * 100,
          rssMb: process.memoryUsage().rss / 2 ** 20,
          sockets: sockets.length,
          unexpectedDisconnects: { ...unexpectedDisconnects },
        };
        seqs = [];
        lats = [];
        reply(result);
        break;
      }
      case 'close':
        closing = true;
        for (const s of sockets) s.disconnect();
        reply({});
        setTimeout(() => process.exit(0), 200);
        break;
    }
  });
  process.send!({ id: 0, result: 'ready' });
}

/** The parent's handle on a client process: request/response over the IPC channel. */
class ClientProcess {
  private readonly child: ChildProcess;
  private nextId = 1;
  private readonly waiting = new Map<number, (result: unknown) => void>();
  readonly ready: Promise<void>;
  exited = false;
  private killed = false;

  constructor(index: number) {
    this.child = fork(__filename, [], {
      env: { ...process.env, BENCH_SOCKETS_ROLE: 'client', BENCH_SOCKETS_RUN: RUN },
      execArgv: [...process.execArgv, '--max-old-space-size=4096'],
      stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
    });
    this.ready = new Promise((r) => this.waiting.set(0, () => r()));
    this.child.on('message', (m: { id: number; result: unknown }) => {
      const w = this.waiting.get(m.id);
      this.waiting.delete(m.id);
      w?.(m.result);
    });
    this.child.on('exit', (code) => {
      this.exited = true;
      if (code !== 0 && !this.killed) console.error(`client process ${index} exited with ${code}`);
    });
  }

  get pid(): number {
    return this.child.pid!;
  }

  call<T>(command: Command): Promise<T> {
    if (this.exited) return Promise.reject(new Error('client process gone'));
    const id = this.nextId++;
    return new Promise<T>((r) => {
      this.waiting.set(id, r as (result: unknown) => void);
      this.child.send({ ...command, id });
    });
  }

  kill(): void {
    this.killed = true;
    if (!this.exited) this.child.kill('SIGKILL');
  }
}

// ---------------------------------------------------------------------------------------------------------------
// /proc readings: the api is another process, so its memory and CPU are read from outside.

const CLOCK_TICKS = (() => {
  try {
    return Number(execFileSync('getconf', ['CLK_TCK']).toString().trim()) || 100;
  } catch {
    return 100;
  }
})();

function rssMb(pid: number): number {
  const line = readFileSync(`/proc/${pid}/status`, 'utf8').split('\n').find((l) => l.startsWith('VmRSS:'));
  return Number(line?.split(/\s+/)[1] ?? NaN) / 1024;
}

/** CPU seconds used so far by a process (user + system). */
function cpuSeconds(pid: number): number {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return (Number(fields[11]) + Number(fields[12])) / CLOCK_TICKS;
  } catch {
    return NaN;
  }
}

/** The whole machine: busy and total jiffies. */
function hostCpu(): { busy: number; total: number } {
  const [, ...values] = readFileSync('/proc/stat', 'utf8').split('\n')[0].trim().split(/\s+/);
  const n = values.map(Number);
  const total = n.slice(0, 8).reduce((a, b) => a + b, 0);
  return { busy: total - n[3] - n[4], total };
}

function openFileLimit(pid: number | 'self'): { soft: number; hard: number } {
  const line = readFileSync(`/proc/${pid}/limits`, 'utf8').split('\n').find((l) => l.startsWith('Max open files'))!;
  const [soft, hard] = line.replace('Max open files', '').trim().split(/\s+/);
  const num = (v: string) => (v === 'unlimited' ? Infinity : Number(v));
  return { soft: num(soft), hard: num(hard) };
}

function openFiles(pid: number): number {
  return readdirSync(`/proc/${pid}/fd`).length;
}

/** The pid of the process listening on a TCP port (BuiltApp keeps its child to itself). */
function listenerPid(port: number): number {
  const out = execFileSync('ss', ['-Hltnp', `sport = :${port}`]).toString();
  const match = /pid=(\d+)/.exec(out);
  if (!match) throw new Error(`no process found listening on port ${port}`);
  return Number(match[1]);
}

class CpuMeter {
  private marks = new Map<number, number>();
  private host = hostCpu();
  private wall = performance.now();

  constructor(private readonly pids: number[]) {
    for (const pid of pids) this.marks.set(pid, cpuSeconds(pid));
  }

  /** Percent of one core per process, and the whole machine's busy share (percent of all cores). */
  read(): { perProcess: Map<number, number>; hostPercent: number } {
    const seconds = (performance.now() - this.wall) / 1000;
    const perProcess = new Map(this.pids.map((pid) => [pid, ((cpuSeconds(pid) - this.marks.get(pid)!) / seconds) * 100]));
    const host = hostCpu();
    return { perProcess, hostPercent: ((host.busy - this.host.busy) / (host.total - this.host.total)) * 100 };
  }
}

/** How long the api's main (JavaScript) thread ran and waited for a CPU, ns (/proc/<pid>/schedstat). */
function schedstat(pid: number): { runNs: number; waitNs: number } {
  const [run, wait] = readFileSync(`/proc/${pid}/schedstat`, 'utf8').trim().split(/\s+/).map(Number);
  return { runNs: run, waitNs: wait };
}

/**
 * The api's own view of its memory, through the inspector it was started with: a full garbage collection, then
 * process.memoryUsage(), so the heap figure is what the connections keep alive, not garbage awaiting collection.
 */
class Inspector {
  private socket?: import('ws').WebSocket;
  private nextId = 1;
  private readonly waiting = new Map<number, (message: { result?: unknown; error?: unknown }) => void>();

  constructor(private readonly port: number) {}

  async connect(): Promise<void> {
    const { WebSocket } = await import('ws');
    const targets = (await (await fetch(`http://127.0.0.1:${this.port}/json/list`)).json()) as Array<{ webSocketDebuggerUrl: string }>;
    const socket = new WebSocket(targets[0].webSocketDebuggerUrl);
    await new Promise<void>((ok, fail) => (socket.once('open', () => ok()), socket.once('error', fail)));
    socket.on('message', (data) => {
      const message = JSON.parse(data.toString()) as { id?: number; result?: unknown; error?: unknown };
      if (message.id === undefined) return;
      this.waiting.get(message.id)?.(message);
      this.waiting.delete(message.id);
    });
    this.socket = socket;
  }

  private call(method: string, params: Record<string, unknown> = {}): Promise<unknown> {
    const id = this.nextId++;
    return new Promise((ok, fail) => {
      this.waiting.set(id, (m) => (m.error ? fail(new Error(JSON.stringify(m.error))) : ok(m.result)));
      this.socket!.send(JSON.stringify({ id, method, params }));
    });
  }

  /** MB after a full collection: heap used, external (incl. array buffers) and RSS. */
  async collect(): Promise<{ heapUsedMb: number; externalMb: number; rssMb: number; gcMs: number }> {
    const started = performance.now();
    await this.call('HeapProfiler.collectGarbage');
    const gcMs = performance.now() - started;
    const result = (await this.call('Runtime.evaluate', { expression: 'JSON.stringify(process.memoryUsage())', returnByValue: true })) as { result: { value: string } };
    const usage = JSON.parse(result.result.value) as { heapUsed: number; external: number; rss: number };
    const mb = (n: number) => +(n / 2 ** 20).toFixed(1);
    return { heapUsedMb: mb(usage.heapUsed), externalMb: mb(usage.external), rssMb: mb(usage.rss), gcMs: +gcMs.toFixed(0) };
  }

  close(): void {
    this.socket?.close();
  }
}

/** The api's garbage collections, from its --trace-gc output (its stdout, kept in a file). */
class GcLog {
  private offset = 0;
  constructor(readonly file: string) {}

  /** Collections logged since the last call: pauses and the heap left after the full ones. */
  read(): { collections: number; fullCollections: number; maxPauseMs: number; totalPauseMs: number } {
    const out = { collections: 0, fullCollections: 0, maxPauseMs: 0, totalPauseMs: 0 };
    if (!existsSync(this.file)) return out;
    const size = statSync(this.file).size;
    if (size <= this.offset) return out;
    const buffer = Buffer.alloc(size - this.offset);
    const fd = openSync(this.file, 'r');
    readSync(fd, buffer, 0, buffer.length, this.offset);
    closeSync(fd);
    const text = buffer.toString('utf8');
    const complete = text.lastIndexOf('\n') + 1;
    this.offset += Buffer.byteLength(text.slice(0, complete));
    // [pid:isolate]   1234 ms: Mark-Compact 68.0 (92.7) -> 53.4 (88.1) MB, 6.02 / 0.00 ms  (...)
    const line = /ms: ([A-Za-z -]+?) (?:\([a-z ]+\) )?[\d.]+ \([\d.]+\) -> ([\d.]+) \([\d.]+\) MB,(?: pooled: [\d.]+ MB,)? ([\d.]+) \/ [\d.]+ ms/;
    for (const raw of text.slice(0, complete).split('\n')) {
      const m = line.exec(raw);
      if (!m) continue;
      const pause = Number(m[3]);
      out.collections++;
      out.totalPauseMs += pause;
      out.maxPauseMs = Math.max(out.maxPauseMs, pause);
      if (m[1].startsWith('Mark-Compact') || m[1].startsWith('Mark-sweep')) out.fullCollections++;
    }
    return out;
  }
}

// ---------------------------------------------------------------------------------------------------------------
// The presence driver: badge changes at a steady rate, the way the gateway's mirror makes them.

interface PresenceSink {
  write(jid: string, seq: number, sentAt: number): Promise<void>;
}

class PresenceDriver {
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
    return { p50: percentile(sorted, 50), p99: percentile(sorted, 99) };
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

// ---------------------------------------------------------------------------------------------------------------

interface StepResult {
  sockets: number;
  connectSeconds: number;
  connectPerSecond: number;
  connectFailures: Record<string, number>;
  unexpectedDisconnects: Record<string, number>;
  changes: number;
  expected: number;
  received: number;
  deliveredPercent: number;
  deliveriesPerSecond: number;
  p50Ms: number;
  p90Ms: number;
  p99Ms: number;
  maxMs: number;
  /** The same latency less the product's deliberate PRESENCE_COALESCE_MS delay. */
  p99BeyondCoalescingMs: number;
  /** Leg 1: the store write + enqueue of the change, p50/p99. */
  driverWriteEnqueueP50Ms: number;
  driverWriteEnqueueP99Ms: number;
  /** Leg 2: enqueued → the worker's broadcast seen on Redis (the coalescing delay, the worker's store read), p50/p99. */
  queueWorkerP50Ms: number;
  queueWorkerP99Ms: number;
  /** Leg 3, the api's: the broadcast seen on Redis → the event received by a client socket, p50/p99/max. */
  apiLegP50Ms: number;
  apiLegP99Ms: number;
  apiLegMaxMs: number;
  pingRttP50Ms: number;
  pingRttP99Ms: number;
  apiRssMb: number;
  apiRssMaxMb: number;
  apiFds: number;
  memoryPerConnectionKb: number;
  /** After a full GC forced before the window (inspector): the api's heap used and external memory, MB. */
  apiLiveHeapMb: number;
  apiExternalMb: number;
  apiRssAfterGcMb: number;
  /** How long that forced collection took (the api was paused), ms. */
  forcedGcMs: number;
  /** (live heap + external − the same before any connection) / sockets: what each connection keeps alive, KB. */
  liveMemoryPerConnectionKb: number;
  /** The api's main thread during the window: running, and runnable but waiting for a CPU (% of the window). */
  apiMainThreadRunPercent: number;
  apiMainThreadWaitPercent: number;
  /** The api's collections during the window: the longest pause and the sum of pauses, ms. */
  apiGcMaxPauseMs: number;
  apiGcTotalPauseMs: number;
  apiFullGcs: number;
  apiCpuPercent: number;
  workerCpuPercent: number;
  clientsCpuPercent: number;
  driverCpuPercent: number;
  hostCpuPercent: number;
  clientLoopLagP99Ms: number;
  clientLoopLagMaxMs: number;
  clientsRssMb: number;
}

function formatRow(s: StepResult): string {
  const cells = [
    String(s.sockets).padStart(6),
    `${Math.round(s.connectPerSecond)}/s`.padStart(7),
    String(Object.values(s.connectFailures).reduce((a, b) => a + b, 0)).padStart(4),
    `${s.received}/${s.expected}`.padStart(14),
    String(Math.round(s.deliveriesPerSecond)).padStart(6),
    s.p50Ms.toFixed(0).padStart(5),
    s.p99Ms.toFixed(0).padStart(5),
    s.maxMs.toFixed(0).padStart(5),
    s.driverWriteEnqueueP99Ms.toFixed(0).padStart(5),
    s.queueWorkerP99Ms.toFixed(0).padStart(5),
    s.apiLegP50Ms.toFixed(0).padStart(5),
    s.apiLegP99Ms.toFixed(0).padStart(5),
    s.pingRttP99Ms.toFixed(1).padStart(6),
    s.apiRssMb.toFixed(0).padStart(6),
    s.memoryPerConnectionKb.toFixed(1).padStart(6),
    s.liveMemoryPerConnectionKb.toFixed(1).padStart(6),
    s.apiGcMaxPauseMs.toFixed(0).padStart(5),
    `${s.apiCpuPercent.toFixed(0)}%`.padStart(5),
    `${s.workerCpuPercent.toFixed(0)}%`.padStart(5),
    `${s.clientsCpuPercent.toFixed(0)}%`.padStart(5),
    `${s.hostCpuPercent.toFixed(0)}%`.padStart(5),
    s.clientLoopLagP99Ms.toFixed(0).padStart(5),
    `${s.apiMainThreadWaitPercent.toFixed(0)}%`.padStart(5),
  ];
  return cells.join(' ');
}

const HEADER = [
  'socks'.padStart(6),
  'connect'.padStart(7),
  'fail'.padStart(4),
  'recv/expected'.padStart(14),
  'ev/s'.padStart(6),
  'p50'.padStart(5),
  'p99'.padStart(5),
  'max'.padStart(5),
  'wr99'.padStart(5),
  'qw99'.padStart(5),
  'api50'.padStart(5),
  'api99'.padStart(5),
  'ping99'.padStart(6),
  'apiMB'.padStart(6),
  'KB/con'.padStart(6),
  'liveKB'.padStart(6),
  'gcMax'.padStart(5),
  'api'.padStart(5),
  'wrkr'.padStart(5),
  'clnts'.padStart(5),
  'host'.padStart(5),
  'lag99'.padStart(5),
  'wait'.padStart(5),
].join(' ');

async function main(): Promise<void> {
  const { MongoClient } = await import('mongodb');
  const { Redis } = await import('ioredis');
  const { Queue } = await import('bullmq');
  const { io } = await import('socket.io-client');
  const { DEFAULT_JOB_OPTIONS, FanoutQueues, PRESENCE_COALESCE_MS, QueueName } = await import('@chat/queues');
  const { BuiltApp, freePort } = await import('../test/support/built-app');
  const { REPO_ROOT } = await import('../test/support/stack');
  const { accessToken } = await import('../test/support/tokens');

  const stores = { MONGO_DB: `bench_sockets_${RUN}`, QUEUE_PREFIX: `bench_sockets_${RUN}` };
  const cores = cpus().length;
  const ownFiles = openFileLimit('self');
  console.log(
    `sockets benchmark ${RUN}: ${cores} cores; open files (ulimit -n) soft ${ownFiles.soft}, hard ${ownFiles.hard}; ` +
      `${WATCHED_USERS} watched users, ${WATCH_PER_SOCKET} watched per socket, ${PRESENCE_RATE} presence changes/s; ` +
      `${STEP_SECONDS} s per step; limit p99 ≤ ${P99_LIMIT_MS} ms`,
  );
  // What else is using the machine: the figures below are only as good as the cores are free.
  const idleMark = hostCpu();
  await sleep(3000);
  const idleNow = hostCpu();
  const backgroundCpuPercent = ((idleNow.busy - idleMark.busy) / (idleNow.total - idleMark.total)) * 100;
  console.log(`host CPU busy before starting anything: ${backgroundCpuPercent.toFixed(0)}% of ${cores} cores (load average ${readFileSync('/proc/loadavg', 'utf8').split(' ').slice(0, 3).join(' ')})`);
  if (backgroundCpuPercent > 20) console.log('warning: something else is busy on this machine; latency and connect rates will suffer from it');
  if (WATCHED_USERS / PRESENCE_RATE < 1) console.log(`warning: a watched user changes every ${(WATCHED_USERS / PRESENCE_RATE).toFixed(2)} s: changes will coalesce and deliveries fall short of "expected"`);

  // Seed every watched user online first, so a watch is answered with a real badge.
  const mongo = await MongoClient.connect(process.env.MONGO_URL!);
  const presences = mongo.db(stores.MONGO_DB).collection<{ _id: string }>('presences');
  const badge = (seq: number, sentAt: number) => {
    const show = seq % 2 === 0 ? 'away' : 'available';
    const status = `b|${seq}|${sentAt}`;
    // The shape PresenceRepository.saveMany writes.
    return { state: show, status, resources: [{ resource: 'bench', show, status, priority: 0, since: new Date(sentAt) }], updatedAt: new Date(sentAt) };
  };
  for (let j = 0; j < WATCHED_USERS; j += 500) {
    await presences.bulkWrite(
      Array.from({ length: Math.min(500, WATCHED_USERS - j) }, (_, k) => ({
        replaceOne: { filter: { _id: watchedJid(j + k) }, replacement: { ...badge(-1, Date.now()), status: 'seed' }, upsert: true },
      })),
      { ordered: false },
    );
  }

  const redis = new Redis(process.env.REDIS_URL!, { maxRetriesPerRequest: null });
  // When each presence broadcast reaches Redis, on the channel the api's Socket.IO adapter listens to: this splits a
  // delivery's latency into the worker's part and the api's (Redis → socket), the part that grows with connections.
  const broadcasts = new Map<number, number>();
  const subscriber = redis.duplicate();
  await subscriber.psubscribe('socket.io#/#presence:*');
  subscriber.on('pmessageBuffer', (_pattern: Buffer, _channel: Buffer, message: Buffer) => {
    const match = /b\|(\d+)\|/.exec(message.toString('latin1'));
    if (match && !broadcasts.has(Number(match[1]))) broadcasts.set(Number(match[1]), Date.now());
  });
  const presenceQueue = new Queue(QueueName.PresenceFanout, { connection: redis, prefix: stores.QUEUE_PREFIX, defaultJobOptions: DEFAULT_JOB_OPTIONS });
  // The gateway's producer; only its presence side is used here.
  const fanout = new FanoutQueues(undefined as never, presenceQueue as never);
  const driver = new PresenceDriver({
    async write(jid, seq, sentAt) {
      await presences.replaceOne({ _id: jid }, badge(seq, sentAt), { upsert: true });
      await fanout.enqueuePresence([jid as never]);
    },
  });

  const env = {
    ...stores,
    LOG_LEVEL: process.env.BENCH_APP_LOG_LEVEL ?? 'error',
    READ_RATE_PER_MINUTE: '100000',
    SEND_RATE_PER_MINUTE: '100000',
  };
  const apiPort = await freePort();
  const api = new BuiltApp('api', apiPort, env);
  const workerPort = await freePort();
  const worker = new BuiltApp('worker', workerPort, env);
  const clients: ClientProcess[] = [];
  let probe: Socket | undefined;
  let inspector: Inspector | undefined;
  const results: Record<string, unknown> = {
    run: RUN,
    machine: { cores, node: process.version, backgroundCpuPercent: +backgroundCpuPercent.toFixed(1), openFiles: ownFiles, ephemeralPorts: readFileSync('/proc/sys/net/ipv4/ip_local_port_range', 'utf8').trim() },
    config: {
      steps: STEPS,
      maxSockets: MAX_SOCKETS,
      stepSeconds: STEP_SECONDS,
      p99LimitMs: P99_LIMIT_MS,
      watchedUsers: WATCHED_USERS,
      watchPerSocket: WATCH_PER_SOCKET,
      presenceChangesPerSecond: PRESENCE_RATE,
      presenceCoalesceMs: PRESENCE_COALESCE_MS,
      clientProcesses: CLIENT_PROCESSES,
      connectConcurrencyPerProcess: CONNECT_CONCURRENCY,
    },
  };

  try {
    // The api alone runs with --trace-gc (its stdout in a file): pauses and live heap explain the latency and RSS.
    // BuiltApp reads these variables when it spawns, synchronously at the start of start().
    const saved = { flags: process.env.BENCH_APP_NODE_FLAGS, log: process.env.BENCH_APP_LOG_FILE };
    const inspectPort = await freePort();
    process.env.BENCH_APP_NODE_FLAGS = `${saved.flags ?? ''} --trace-gc --inspect=127.0.0.1:${inspectPort}`.trim();
    process.env.BENCH_APP_LOG_FILE = saved.log ?? resolve(tmpdir(), `bench-sockets-${RUN}`);
    const gcLog = new GcLog(`${process.env.BENCH_APP_LOG_FILE}.api`);
    inspector = new Inspector(inspectPort);
    const apiStarted = api.start();
    for (const [name, value] of [['BENCH_APP_NODE_FLAGS', saved.flags], ['BENCH_APP_LOG_FILE', saved.log]] as const) {
      if (value === undefined) delete process.env[name];
      else process.env[name] = value;
    }
    await Promise.all([apiStarted, worker.start()]);
    await inspector.connect();
    const apiPid = listenerPid(apiPort);
    const workerPid = listenerPid(workerPort);
    const apiFiles = openFileLimit(apiPid);
    const fdCeiling = apiFiles.soft - openFiles(apiPid) - FD_RESERVE;
    const ceiling = Math.min(MAX_SOCKETS, fdCeiling);
    const steps = [...new Set(STEPS.map((n) => Math.min(n, ceiling)))].filter((n) => n > 0).sort((a, b) => a - b);
    console.log(`api pid ${apiPid} (open files limit ${apiFiles.soft}: at most ~${fdCeiling} sockets), worker pid ${workerPid}; steps ${steps.join(', ')}`);
    (results.machine as Record<string, unknown>).apiOpenFiles = apiFiles;
    (results.config as Record<string, unknown>).effectiveSteps = steps;
    (results.config as Record<string, unknown>).fdCeiling = fdCeiling;

    for (let k = 0; k < CLIENT_PROCESSES; k++) clients.push(new ClientProcess(k));
    await Promise.all(clients.map((c) => c.ready));
    console.log(
      `load generator: this process drives presence and pings; ${CLIENT_PROCESSES} forked client process(es) hold the sockets ` +
        `(${CONNECT_CONCURRENCY} handshakes in flight each), all on the same ${cores} cores as the api, the worker, Redis and the store`,
    );

    // A probe socket measures the api's responsiveness (ping acknowledgement round trip) during each window.
    probe = io(api.url, { auth: { token: await accessToken('probe', { expiresIn: '3h' }) }, transports: ['websocket'], reconnection: false, forceNew: true });
    await new Promise<void>((ok, fail) => (probe!.once('connect', () => ok()), probe!.once('connect_error', fail)));

    driver.start();
    // Idle baseline: the api with presence flowing and no watchers (one probe socket), after a moment to settle.
    await sleep(5000);
    const baseline: number[] = [];
    for (let k = 0; k < 5; k++) (baseline.push(rssMb(apiPid)), await sleep(400));
    const baselineRssMb = baseline.sort((a, b) => a - b)[2];
    const baselineLive = await inspector.collect();
    console.log(
      `api before any connection: RSS ${baselineRssMb.toFixed(1)} MB; after a full GC heap ${baselineLive.heapUsedMb} MB, ` +
        `external ${baselineLive.externalMb} MB (GC log ${gcLog.file})\n`,
    );
    results.baselineApiRssMb = +baselineRssMb.toFixed(1);
    results.baselineApiLive = baselineLive;
    results.apiGcLog = gcLog.file;

    const watchers = new Int32Array(WATCHED_USERS);
    const stepResults: StepResult[] = [];
    let held = 0;
    let stoppedBecause = `reached the last step (${steps.at(-1)} sockets)`;
    if (ceiling < Math.max(...STEPS)) stoppedBecause += `, capped by ${ceiling === fdCeiling ? "the api's open-file limit" : 'BENCH_MAX_SOCKETS'}`;
    console.log(
      'columns: sockets held; connect rate of this step; connections failed; presence events received/expected in the window; ' +
        'events/s; end-to-end latency p50/p99/max ms (store write → queue → worker → Redis → api → socket), then its legs: ' +
        `wr99 = store write + enqueue p99, qw99 = enqueued → worker's broadcast on Redis p99 (includes the ${PRESENCE_COALESCE_MS} ms ` +
        'coalescing delay), api50/api99 = broadcast on Redis → received by the client (the api\'s leg); ping99 = ping ack round trip ' +
        'p99 ms; api RSS MB; KB (RSS) per connection; liveKB = KB per connection left after a forced full GC (heap + external); ' +
        'longest api GC pause in the window ms; ' +
        'CPU % of one core: api, worker, client processes, then the host (% of all cores); client event-loop lag p99 ms; ' +
        "wait = share of the window the api's main thread was ready to run but had no CPU\n",
    );
    console.log(HEADER);

    for (const target of steps) {
      // Open the new sockets, spread over the client processes.
      const indices = Array.from({ length: target - held }, (_, k) => held + k);
      const shares = clients.map((_, c) => indices.filter((_, k) => k % clients.length === c));
      const connectStarted = performance.now();
      const opened = await Promise.all(clients.map((c, n) => c.call<OpenResult>({ type: 'open', url: api.url, indices: shares[n] })));
      const connectSeconds = (performance.now() - connectStarted) / 1000;
      const connectFailures: Record<string, number> = {};
      let openedNow = 0;
      for (const o of opened) {
        openedNow += o.opened.length;
        for (const i of o.opened) for (const j of watchList(i)) watchers[j]++;
        for (const [reason, n] of Object.entries(o.failures)) connectFailures[reason] = (connectFailures[reason] ?? 0) + n;
      }
      held += openedNow;
      await sleep(SETTLE_SECONDS * 1000);

      // The measured window.
      await Promise.all(clients.map((c) => c.call({ type: 'reset' })));
      driver.takeWriteTimes();
      gcLog.read();
      const cpu = new CpuMeter([apiPid, workerPid, process.pid, ...clients.map((c) => c.pid)]);
      const schedStart = { ...schedstat(apiPid), at: performance.now() };
      const fromSeq = driver.nextSeq;
      const rssSamples: number[] = [];
      const pings: number[] = [];
      const windowEnd = performance.now() + STEP_SECONDS * 1000;
      const sampler = (async () => {
        while (performance.now() < windowEnd) {
          rssSamples.push(rssMb(apiPid));
          await sleep(1000);
        }
      })();
      while (performance.now() < windowEnd) {
        const t = performance.now();
        try {
          await probe.timeout(5000).emitWithAck('ping');
          pings.push(performance.now() - t);
        } catch {
          pings.push(5000);
        }
        await sleep(Math.max(0, 250 - (performance.now() - t)));
      }
      await sampler;
      const toSeq = driver.nextSeq;
      const usage = cpu.read();
      const gc = gcLog.read();
      const schedEnd = schedstat(apiPid);
      const windowNs = (performance.now() - schedStart.at) * 1e6;
      const apiFds = openFiles(apiPid);
      const writeTimes = driver.takeWriteTimes();
      let expected = 0;
      for (let seq = fromSeq; seq < toSeq; seq++) if (driver.changeOf[seq] >= 0) expected += watchers[driver.changeOf[seq]];
      // Stragglers: wait until everything is in, or GRACE_SECONDS.
      const graceEnd = Date.now() + GRACE_SECONDS * 1000;
      while (Date.now() < graceEnd) {
        const counts = await Promise.all(clients.map((c) => c.call<number>({ type: 'count', fromSeq, toSeq })));
        if (counts.reduce((a, b) => a + b, 0) >= expected) break;
        await sleep(250);
      }
      const collected = await Promise.all(clients.map((c) => c.call<CollectResult>({ type: 'collect', fromSeq, toSeq })));
      // What the connections keep alive: a forced full collection, after the window so its pause (seconds, on a
      // big heap) cannot touch the latencies; the next step's connections and settling come after it.
      const live = await inspector.collect();
      const latencies = Float64Array.from(collected.flatMap((c) => c.latencies)).sort();
      // The api's leg of each arrival: received (sent + latency) less when the worker's broadcast appeared on Redis.
      const apiLeg = Float64Array.from(
        collected.flatMap((c) => c.seqs.flatMap((seq, k) => (broadcasts.has(seq) ? [driver.sentAt[seq] + c.latencies[k] - broadcasts.get(seq)!] : []))),
      ).sort();
      const queueWorker: number[] = [];
      for (let seq = fromSeq; seq < toSeq; seq++) {
        if (broadcasts.has(seq) && driver.writeMs[seq] !== undefined) queueWorker.push(broadcasts.get(seq)! - driver.sentAt[seq] - driver.writeMs[seq]);
      }
      queueWorker.sort((a, b) => a - b);
      for (let seq = fromSeq; seq < toSeq; seq++) broadcasts.delete(seq);
      const received = latencies.length;
      const unexpectedDisconnects: Record<string, number> = {};
      for (const c of collected) for (const [r, n] of Object.entries(c.unexpectedDisconnects)) unexpectedDisconnects[r] = (unexpectedDisconnects[r] ?? 0) + n;
      const sortedRss = [...rssSamples].sort((a, b) => a - b);
      const apiRss = percentile(sortedRss, 50);
      const sortedPings = pings.sort((a, b) => a - b);
      const p99 = percentile(latencies, 99);
      const step: StepResult = {
        sockets: held,
        connectSeconds: +connectSeconds.toFixed(2),
        connectPerSecond: openedNow / connectSeconds,
        connectFailures,
        unexpectedDisconnects,
        changes: toSeq - fromSeq,
        expected,
        received,
        deliveredPercent: expected ? +((received / expected) * 100).toFixed(2) : 100,
        deliveriesPerSecond: received / STEP_SECONDS,
        p50Ms: percentile(latencies, 50),
        p90Ms: percentile(latencies, 90),
        p99Ms: p99,
        maxMs: latencies.length ? latencies[latencies.length - 1] : NaN,
        p99BeyondCoalescingMs: p99 - PRESENCE_COALESCE_MS,
        driverWriteEnqueueP50Ms: writeTimes.p50,
        driverWriteEnqueueP99Ms: writeTimes.p99,
        queueWorkerP50Ms: percentile(queueWorker, 50),
        queueWorkerP99Ms: percentile(queueWorker, 99),
        apiLegP50Ms: percentile(apiLeg, 50),
        apiLegP99Ms: percentile(apiLeg, 99),
        apiLegMaxMs: apiLeg.length ? apiLeg[apiLeg.length - 1] : NaN,
        pingRttP50Ms: +percentile(sortedPings, 50).toFixed(2),
        pingRttP99Ms: +percentile(sortedPings, 99).toFixed(2),
        apiRssMb: +apiRss.toFixed(1),
        apiRssMaxMb: +(sortedRss.at(-1) ?? NaN).toFixed(1),
        apiFds,
        memoryPerConnectionKb: +(((apiRss - baselineRssMb) * 1024) / held).toFixed(2),
        apiLiveHeapMb: live.heapUsedMb,
        apiExternalMb: live.externalMb,
        apiRssAfterGcMb: live.rssMb,
        forcedGcMs: live.gcMs,
        liveMemoryPerConnectionKb: +(((live.heapUsedMb + live.externalMb - baselineLive.heapUsedMb - baselineLive.externalMb) * 1024) / held).toFixed(2),
        apiMainThreadRunPercent: +(((schedEnd.runNs - schedStart.runNs) / windowNs) * 100).toFixed(1),
        apiMainThreadWaitPercent: +(((schedEnd.waitNs - schedStart.waitNs) / windowNs) * 100).toFixed(1),
        apiGcMaxPauseMs: +gc.maxPauseMs.toFixed(1),
        apiGcTotalPauseMs: +gc.totalPauseMs.toFixed(1),
        apiFullGcs: gc.fullCollections,
        apiCpuPercent: +usage.perProcess.get(apiPid)!.toFixed(1),
        workerCpuPercent: +usage.perProcess.get(workerPid)!.toFixed(1),
        clientsCpuPercent: +clients.reduce((a, c) => a + usage.perProcess.get(c.pid)!, 0).toFixed(1),
        driverCpuPercent: +usage.perProcess.get(process.pid)!.toFixed(1),
        hostCpuPercent: +usage.hostPercent.toFixed(1),
        clientLoopLagP99Ms: Math.max(...collected.map((c) => c.loopLagP99Ms)),
        clientLoopLagMaxMs: Math.max(...collected.map((c) => c.loopLagMaxMs)),
        clientsRssMb: +collected.reduce((a, c) => a + c.rssMb, 0).toFixed(0),
      };
      stepResults.push(step);
      console.log(formatRow(step));

      const failed = Object.values(connectFailures).reduce((a, b) => a + b, 0);
      const dropped = Object.values(unexpectedDisconnects).reduce((a, b) => a + b, 0);
      if (failed > 0) for (const [r, n] of Object.entries(connectFailures)) console.log(`   ${n} connection(s) failed: ${r}`);
      if (dropped > 0) for (const [r, n] of Object.entries(unexpectedDisconnects)) console.log(`   ${n} socket(s) dropped: ${r}`);
      if (driver.errors + driver.skipped > 0) console.log(`   presence driver: ${driver.errors} failed change(s)${driver.lastError ? ` (last: ${driver.lastError})` : ''}, ${driver.skipped} skipped (store or queue too slow)`);
      // Stepping goes on until the api's own leg passes the limit: the end-to-end figures cross earlier (they carry
      // the coalescing delay and the store), so every criterion of the summary is decided by then.
      const reasons = [
        ...(!(step.apiLegP99Ms <= P99_LIMIT_MS) ? [`the api's leg p99 ${step.apiLegP99Ms.toFixed(0)} ms passed ${P99_LIMIT_MS} ms`] : []),
        ...(step.deliveredPercent < 99 ? [`only ${step.deliveredPercent}% of expected deliveries within ${GRACE_SECONDS} s of the window`] : []),
        ...(failed > indices.length * 0.005 || dropped > 0 ? [`connections failing (${failed} failed to open, ${dropped} dropped)`] : []),
      ];
      if (reasons.length > 0) {
        stoppedBecause = `at ${held} sockets: ${reasons.join('; ')}`;
        break;
      }
    }
    await driver.stop();

    // Summary: the connections held before p99 passed the limit, by three readings of "delivery".
    const healthy = (st: StepResult) =>
      st.deliveredPercent >= 99 && Object.keys(st.connectFailures).length === 0 && Object.keys(st.unexpectedDisconnects).length === 0;
    const criteria = {
      endToEnd: { what: `end to end, presence change → socket (includes the ${PRESENCE_COALESCE_MS} ms coalescing delay)`, p99: (st: StepResult) => st.p99Ms },
      beyondCoalescing: { what: `end to end less the deliberate ${PRESENCE_COALESCE_MS} ms coalescing delay`, p99: (st: StepResult) => st.p99BeyondCoalescingMs },
      apiLeg: { what: "the api's leg, broadcast on Redis → socket", p99: (st: StepResult) => st.apiLegP99Ms },
    };
    // The largest step within the limit; `crossedAt` is the next step, if one was measured. Smaller steps over the
    // limit (a busy moment of the machine, say) are listed rather than allowed to hide the figure.
    const reachedBy: Record<string, { sockets: number; crossed: boolean; crossedAt?: number; alsoOverAt: Array<{ sockets: number; p99Ms: number }> }> = {};
    for (const [name, c] of Object.entries(criteria)) {
      const within = (st: StepResult) => c.p99(st) <= P99_LIMIT_MS && healthy(st);
      const lastGood = stepResults.findLastIndex(within);
      reachedBy[name] = {
        sockets: lastGood === -1 ? 0 : stepResults[lastGood].sockets,
        crossed: lastGood < stepResults.length - 1,
        crossedAt: stepResults[lastGood + 1]?.sockets,
        alsoOverAt: stepResults.slice(0, Math.max(0, lastGood)).filter((st) => !within(st)).map((st) => ({ sockets: st.sockets, p99Ms: +c.p99(st).toFixed(1) })),
      };
    }
    const last = stepResults.at(-1)!;
    // Marginal memory: least-squares slope of RSS over connections, across steps (less sensitive to start-up noise).
    const xs = [0, ...stepResults.map((st) => st.sockets)];
    const ys = [baselineRssMb, ...stepResults.map((st) => st.apiRssMb)];
    const mx = xs.reduce((a, b) => a + b, 0) / xs.length;
    const my = ys.reduce((a, b) => a + b, 0) / ys.length;
    const slope = xs.reduce((a, x, k) => a + (x - mx) * (ys[k] - my), 0) / xs.reduce((a, x) => a + (x - mx) ** 2, 0);
    const summary = {
      p99LimitMs: P99_LIMIT_MS,
      socketsBeforeP99Limit: reachedBy,
      stoppedBecause,
      memoryPerConnectionKbAtLargestStep: last.memoryPerConnectionKb,
      marginalMemoryPerConnectionKb: +(slope * 1024).toFixed(2),
      liveMemoryPerConnectionKbAtLargestStep: last.liveMemoryPerConnectionKb,
      largestStep: { sockets: last.sockets, apiRssMb: last.apiRssMb, p50Ms: last.p50Ms, p99Ms: last.p99Ms, apiLegP99Ms: last.apiLegP99Ms },
      loadGenerator: {
        clientProcesses: CLIENT_PROCESSES,
        cpuPercentAtLargestStep: last.clientsCpuPercent,
        rssMbAtLargestStep: last.clientsRssMb,
        eventLoopLagP99MsAtLargestStep: last.clientLoopLagP99Ms,
        hostCpuPercentAtLargestStep: last.hostCpuPercent,
      },
    };
    results.steps = stepResults;
    results.summary = summary;
    results.driver = { errors: driver.errors, skipped: driver.skipped, lastError: driver.lastError };

    console.log(`\nstopped: ${stoppedBecause}`);
    console.log(`connections held by the api before p99 passed ${P99_LIMIT_MS} ms (with every connection open and ≥ 99% delivered):`);
    for (const [name, c] of Object.entries(criteria)) {
      const r = reachedBy[name];
      const figure = !r.crossed
        ? `at least ${r.sockets} (not passed; p99 ${c.p99(last).toFixed(0)} ms at ${last.sockets})`
        : r.sockets === 0
          ? `none: over the limit at every step (${stepResults.map((st) => `${c.p99(st).toFixed(0)} ms at ${st.sockets}`).join(', ')})`
          : `${r.sockets} (passed at ${r.crossedAt}: ${c.p99(stepResults.find((st) => st.sockets === r.crossedAt)!).toFixed(0)} ms)`;
      const noise = r.alsoOverAt.length > 0 ? `; also over at ${r.alsoOverAt.map((o) => `${o.sockets} (${o.p99Ms.toFixed(0)} ms)`).join(', ')}: see host CPU there` : '';
      console.log(`  ${c.what}: ${figure}${noise}`);
    }
    console.log(
      `api memory per connection: ${summary.memoryPerConnectionKbAtLargestStep} KB at ${last.sockets} sockets ` +
        `((RSS ${last.apiRssMb} MB − ${baselineRssMb.toFixed(1)} MB before any connection) / ${last.sockets}); marginal (slope over steps) ${summary.marginalMemoryPerConnectionKb} KB; ` +
        `kept alive by each connection (heap + external after a forced full GC): ${last.liveMemoryPerConnectionKb} KB ` +
        `(heap ${last.apiLiveHeapMb} MB, external ${last.apiExternalMb} MB, RSS right after that GC ${last.apiRssAfterGcMb} MB)`,
    );
    console.log(
      `load generator: ${CLIENT_PROCESSES} client process(es) used ${last.clientsCpuPercent}% CPU (of one core) and ${last.clientsRssMb} MB, ` +
        `event-loop lag p99 ${last.clientLoopLagP99Ms.toFixed(1)} ms (max ${last.clientLoopLagMaxMs.toFixed(1)} ms) at the largest step; host CPU ${last.hostCpuPercent}% of ${cores} cores`,
    );

    const dir = resolve(REPO_ROOT, 'bench/results');
    mkdirSync(dir, { recursive: true });
    const file = resolve(dir, `sockets-${new Date().toISOString().replace(/[:.]/g, '-')}.json`);
    writeFileSync(file, JSON.stringify(results, null, 2));
    console.log(`\nwritten ${file}`);
  } finally {
    await driver.stop();
    probe?.disconnect();
    inspector?.close();
    await Promise.all(clients.map((c) => Promise.race([c.call({ type: 'close' }).catch(() => undefined), sleep(5000)])));
    await sleep(1000);
    clients.forEach((c) => c.kill());
    await Promise.all([api.stop(), worker.stop()]);
    await presenceQueue.close();
    // This run's own keys and database only.
    const keys: string[] = [];
    const stream = redis.scanStream({ match: `${stores.QUEUE_PREFIX}:*`, count: 1000 });
    for await (const batch of stream) keys.push(...(batch as string[]));
    for (let k = 0; k < keys.length; k += 500) await redis.unlink(...keys.slice(k, k + 500));
    subscriber.disconnect();
    redis.disconnect();
    await mongo.db(stores.MONGO_DB).dropDatabase().catch(() => undefined);
    await mongo.close();
  }
}

if (process.env.BENCH_SOCKETS_ROLE === 'client') {
  clientMain().catch((error) => {
    console.error(error);
    process.exit(1);
  });
} else {
  main().then(
    () => process.exit(0),
    (error) => {
      console.error(error);
      process.exit(1);
    },
  );
}
