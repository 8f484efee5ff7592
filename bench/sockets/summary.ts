import { CLIENT_PROCESSES, P99_LIMIT_MS } from './settings';
import type { StepResult } from './step-result';

/**
 * The run's summary, printed and returned for the results file: the connections held before p99 passed the limit
 * (by three readings of "delivery"), memory per connection, and what the load generator itself used.
 * @param run.coalesceMs the product's PRESENCE_COALESCE_MS, part of every end-to-end latency
 */
export function summarize(
  stepResults: StepResult[],
  { baselineRssMb, stoppedBecause, coalesceMs, cores }: { baselineRssMb: number; stoppedBecause: string; coalesceMs: number; cores: number },
) {
  // Summary: the connections held before p99 passed the limit, by three readings of "delivery".
  const healthy = (st: StepResult) => st.deliveredPercent >= 99 && Object.keys(st.connectFailures).length === 0 && Object.keys(st.unexpectedDisconnects).length === 0;
  const criteria = {
    endToEnd: { what: `end to end, presence change → socket (includes the ${coalesceMs} ms coalescing delay)`, p99: (st: StepResult) => st.p99Ms },
    beyondCoalescing: { what: `end to end less the deliberate ${coalesceMs} ms coalescing delay`, p99: (st: StepResult) => st.p99BeyondCoalescingMs },
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
      alsoOverAt: stepResults
        .slice(0, Math.max(0, lastGood))
        .filter((st) => !within(st))
        .map((st) => ({ sockets: st.sockets, p99Ms: +c.p99(st).toFixed(1) })),
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
  return summary;
}
