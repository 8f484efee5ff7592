import { type ChildProcess, fork } from 'node:child_process';
import { resolve } from 'node:path';
import type { Command } from './client-protocol';
import { RUN } from './settings';

/** The parent's handle on a client process: request/response over the IPC channel. */
export class ClientProcess {
  private readonly child: ChildProcess;
  private nextId = 1;
  private readonly waiting = new Map<number, (result: unknown) => void>();
  readonly ready: Promise<void>;
  exited = false;
  private killed = false;

  constructor(index: number) {
    this.child = fork(resolve(__dirname, 'socket-client.ts'), [], {
      env: { ...process.env, BENCH_SOCKETS_RUN: RUN },
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
