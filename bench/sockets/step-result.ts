// What one step measured, and its row in the table the benchmark prints.

export interface StepResult {
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

export function formatRow(s: StepResult): string {
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

export const HEADER = [
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

/** What each column of the table means; `coalesceMs` is the product's PRESENCE_COALESCE_MS. */
export function columnsLegend(coalesceMs: number): string {
  return (
    'columns: sockets held; connect rate of this step; connections failed; presence events received/expected in the window; ' +
    'events/s; end-to-end latency p50/p99/max ms (store write → queue → worker → Redis → api → socket), then its legs: ' +
    `wr99 = store write + enqueue p99, qw99 = enqueued → worker's broadcast on Redis p99 (includes the ${coalesceMs} ms ` +
    "coalescing delay), api50/api99 = broadcast on Redis → received by the client (the api's leg); ping99 = ping ack round trip " +
    'p99 ms; api RSS MB; KB (RSS) per connection; liveKB = KB per connection left after a forced full GC (heap + external); ' +
    'longest api GC pause in the window ms; ' +
    'CPU % of one core: api, worker, client processes, then the host (% of all cores); client event-loop lag p99 ms; ' +
    "wait = share of the window the api's main thread was ready to run but had no CPU\n"
  );
}
