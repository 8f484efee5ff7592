import { tmpdir } from 'node:os';
import { resolve } from 'node:path';
import type { BuiltApp } from '../../test/support/built-app';
import { GcLog } from './gc-log';
import { Inspector } from './inspector';
import { RUN } from './settings';

/**
 * Starts the api alone with --trace-gc (its stdout in a file) and an inspector port: pauses and live heap explain the
 * latency and RSS. BuiltApp reads these variables when it spawns, synchronously at the start of start(), so they are
 * restored at once and the worker starts without them.
 */
export function startTracedApi(api: BuiltApp, inspectPort: number): { started: Promise<void>; gcLog: GcLog; inspector: Inspector } {
  const saved = { flags: process.env.BENCH_APP_NODE_FLAGS, log: process.env.BENCH_APP_LOG_FILE };
  process.env.BENCH_APP_NODE_FLAGS = `${saved.flags ?? ''} --trace-gc --inspect=127.0.0.1:${inspectPort}`.trim();
  process.env.BENCH_APP_LOG_FILE = saved.log ?? resolve(tmpdir(), `bench-sockets-${RUN}`);
  const gcLog = new GcLog(`${process.env.BENCH_APP_LOG_FILE}.api`);
  const inspector = new Inspector(inspectPort);
  const started = api.start();
  for (const [name, value] of [
    ['BENCH_APP_NODE_FLAGS', saved.flags],
    ['BENCH_APP_LOG_FILE', saved.log],
  ] as const) {
    if (value === undefined) delete process.env[name];
    else process.env[name] = value;
  }
  return { started, gcLog, inspector };
}
