import { type ChildProcess, spawn } from 'node:child_process';
import { existsSync, openSync } from 'node:fs';
import { createServer } from 'node:net';
import { resolve } from 'node:path';
import { eventually, REPO_ROOT } from './stack';

/** A free TCP port on loopback, for an app started as a separate process. */
export function freePort(): Promise<number> {
  return new Promise((resolvePort, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolvePort(port));
    });
  });
}

/** A built app (dist/) running as its own process, so a test can kill it the hard way. */
export class BuiltApp {
  private child?: ChildProcess;
  private stderr = '';
  readonly url: string;

  constructor(
    private readonly app: 'gateway' | 'api' | 'worker',
    private readonly port: number,
    private readonly env: Record<string, string>,
  ) {
    this.url = `http://127.0.0.1:${port}`;
  }

  async start(): Promise<void> {
    const main = resolve(REPO_ROOT, `dist/apps/${this.app}/src/main.js`);
    if (!existsSync(main)) throw new Error(`${main} is missing: build first (bin/test does)`);
    // BENCH_APP_NODE_FLAGS: extra node flags for profiling a benchmark (e.g. --cpu-prof).
    const flags = (process.env.BENCH_APP_NODE_FLAGS ?? '').split(' ').filter(Boolean);
    this.child = spawn(process.execPath, [...flags, main], {
      env: { ...process.env, LOG_LEVEL: 'warn', ...this.env, HTTP_PORT: String(this.port) },
      // BENCH_APP_LOG_FILE keeps the apps' logs (FILE.gateway, FILE.api, …) when profiling a benchmark.
      stdio: ['ignore', process.env.BENCH_APP_LOG_FILE ? openSync(`${process.env.BENCH_APP_LOG_FILE}.${this.app}`, 'a') : 'ignore', 'pipe'],
    });
    this.child.stderr!.on('data', (chunk: Buffer) => (this.stderr = (this.stderr + chunk.toString()).slice(-4000)));
    try {
      await eventually(`${this.app} ready`, async () => ((await fetch(`${this.url}/health/ready`)).ok ? true : undefined), 60_000);
    } catch (error) {
      throw new Error(`${(error as Error).message}\n${this.app} stderr: ${this.stderr}`, { cause: error });
    }
  }

  /** SIGKILL: no shutdown hook runs, nothing is flushed. */
  kill(): Promise<void> {
    return this.signal('SIGKILL');
  }

  stop(): Promise<void> {
    return this.signal('SIGTERM');
  }

  private async signal(signal: NodeJS.Signals): Promise<void> {
    const child = this.child;
    if (!child || child.exitCode !== null) return;
    await new Promise<void>((r) => {
      child.once('exit', () => r());
      child.kill(signal);
    });
  }
}
