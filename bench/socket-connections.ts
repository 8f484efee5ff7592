/**
 * Socket.IO capacity benchmark: concurrent connections held by ONE api process while presence updates flow, the
 * number reached before p99 delivery passes 200 ms, and the api's memory per connection.
 *
 * One api and one worker (dist/, as separate processes) run against the stack. Sockets are opened in steps (each its
 * own user u<i> and JWT, websocket transport only) by client processes this script forks (sockets/socket-client.ts);
 * every socket watches BENCH_WATCH_PER_SOCKET of BENCH_WATCHED_USERS users (`watch-presence`). Meanwhile a driver changes watched users'
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
import { readFileSync } from 'node:fs';
import { cpus } from 'node:os';
import type { Socket } from 'socket.io-client';
import { writeResults } from './support/results';
import { runToExit } from './support/run-to-exit';
import { sleep } from './support/sleep';
import { upperPercentile } from './support/statistics';
import { ClientProcess } from './sockets/client-process';
import type { CollectResult } from './sockets/client-protocol';
import { watchBroadcasts } from './sockets/broadcast-times';
import { openSockets } from './sockets/open-sockets';
import type { Inspector } from './sockets/inspector';
import { badge, seedWatchedUsers } from './sockets/presence-badges';
import { PresenceDriver } from './sockets/presence-driver';
import { CpuMeter, hostCpu, listenerPid, openFileLimit, openFiles, rssMb, schedstat } from './sockets/proc-readings';
import {
  CLIENT_PROCESSES,
  CONNECT_CONCURRENCY,
  FD_RESERVE,
  GRACE_SECONDS,
  MAX_SOCKETS,
  P99_LIMIT_MS,
  PRESENCE_RATE,
  RUN,
  SETTLE_SECONDS,
  STEP_SECONDS,
  STEPS,
  WATCH_PER_SOCKET,
  WATCHED_USERS,
} from './sockets/settings';
import { columnsLegend, formatRow, HEADER, type StepResult } from './sockets/step-result';
import { summarize } from './sockets/summary';
import { startTracedApi } from './sockets/traced-api';

async function main(): Promise<void> {
  const { MongoClient } = await import('mongodb');
  const { Redis } = await import('ioredis');
  const { Queue } = await import('bullmq');
  const { io } = await import('socket.io-client');
  const { DEFAULT_JOB_OPTIONS, FanoutQueues, PRESENCE_COALESCE_MS, QueueName } = await import('@chat/queues');
  const { BuiltApp, freePort } = await import('../test/support/built-app');
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
  console.log(
    `host CPU busy before starting anything: ${backgroundCpuPercent.toFixed(0)}% of ${cores} cores (load average ${readFileSync('/proc/loadavg', 'utf8').split(' ').slice(0, 3).join(' ')})`,
  );
  if (backgroundCpuPercent > 20) console.log('warning: something else is busy on this machine; latency and connect rates will suffer from it');
  if (WATCHED_USERS / PRESENCE_RATE < 1)
    console.log(`warning: a watched user changes every ${(WATCHED_USERS / PRESENCE_RATE).toFixed(2)} s: changes will coalesce and deliveries fall short of "expected"`);

  // Seed every watched user online first, so a watch is answered with a real badge.
  const mongo = await MongoClient.connect(process.env.MONGO_URL!);
  const presences = mongo.db(stores.MONGO_DB).collection<{ _id: string }>('presences');
  await seedWatchedUsers(presences);

  const redis = new Redis(process.env.REDIS_URL!, { maxRetriesPerRequest: null });
  const { broadcasts, subscriber } = await watchBroadcasts(redis);
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
    machine: {
      cores,
      node: process.version,
      backgroundCpuPercent: +backgroundCpuPercent.toFixed(1),
      openFiles: ownFiles,
      ephemeralPorts: readFileSync('/proc/sys/net/ipv4/ip_local_port_range', 'utf8').trim(),
    },
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
    const traced = startTracedApi(api, await freePort());
    const { gcLog } = traced;
    inspector = traced.inspector;
    await Promise.all([traced.started, worker.start()]);
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
    for (let k = 0; k < 5; k++) {
      baseline.push(rssMb(apiPid));
      await sleep(400);
    }
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
    console.log(columnsLegend(PRESENCE_COALESCE_MS));
    console.log(HEADER);

    for (const target of steps) {
      const { requested, opened: openedNow, connectSeconds, connectFailures } = await openSockets(clients, api.url, held, target, watchers);
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
      const apiRss = upperPercentile(sortedRss, 50);
      const sortedPings = pings.sort((a, b) => a - b);
      const p99 = upperPercentile(latencies, 99);
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
        p50Ms: upperPercentile(latencies, 50),
        p90Ms: upperPercentile(latencies, 90),
        p99Ms: p99,
        maxMs: latencies.length ? latencies[latencies.length - 1] : NaN,
        p99BeyondCoalescingMs: p99 - PRESENCE_COALESCE_MS,
        driverWriteEnqueueP50Ms: writeTimes.p50,
        driverWriteEnqueueP99Ms: writeTimes.p99,
        queueWorkerP50Ms: upperPercentile(queueWorker, 50),
        queueWorkerP99Ms: upperPercentile(queueWorker, 99),
        apiLegP50Ms: upperPercentile(apiLeg, 50),
        apiLegP99Ms: upperPercentile(apiLeg, 99),
        apiLegMaxMs: apiLeg.length ? apiLeg[apiLeg.length - 1] : NaN,
        pingRttP50Ms: +upperPercentile(sortedPings, 50).toFixed(2),
        pingRttP99Ms: +upperPercentile(sortedPings, 99).toFixed(2),
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
      if (driver.errors + driver.skipped > 0)
        console.log(
          `   presence driver: ${driver.errors} failed change(s)${driver.lastError ? ` (last: ${driver.lastError})` : ''}, ${driver.skipped} skipped (store or queue too slow)`,
        );
      // Stepping goes on until the api's own leg passes the limit: the end-to-end figures cross earlier (they carry
      // the coalescing delay and the store), so every criterion of the summary is decided by then.
      const reasons = [
        ...(!(step.apiLegP99Ms <= P99_LIMIT_MS) ? [`the api's leg p99 ${step.apiLegP99Ms.toFixed(0)} ms passed ${P99_LIMIT_MS} ms`] : []),
        ...(step.deliveredPercent < 99 ? [`only ${step.deliveredPercent}% of expected deliveries within ${GRACE_SECONDS} s of the window`] : []),
        ...(failed > requested * 0.005 || dropped > 0 ? [`connections failing (${failed} failed to open, ${dropped} dropped)`] : []),
      ];
      if (reasons.length > 0) {
        stoppedBecause = `at ${held} sockets: ${reasons.join('; ')}`;
        break;
      }
    }
    await driver.stop();

    const summary = summarize(stepResults, { baselineRssMb, stoppedBecause, coalesceMs: PRESENCE_COALESCE_MS, cores });
    results.steps = stepResults;
    results.summary = summary;
    results.driver = { errors: driver.errors, skipped: driver.skipped, lastError: driver.lastError };

    const file = writeResults('sockets', results);
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
    await mongo
      .db(stores.MONGO_DB)
      .dropDatabase()
      .catch(() => undefined);
    await mongo.close();
  }
}

runToExit(main);
