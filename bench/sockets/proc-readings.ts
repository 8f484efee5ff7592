import { execFileSync } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';

// /proc readings: the api is another process, so its memory and CPU are read from outside.

export const CLOCK_TICKS = (() => {
  try {
    return Number(execFileSync('getconf', ['CLK_TCK']).toString().trim()) || 100;
  } catch {
    return 100;
  }
})();

export function rssMb(pid: number): number {
  const line = readFileSync(`/proc/${pid}/status`, 'utf8')
    .split('\n')
    .find((l) => l.startsWith('VmRSS:'));
  return Number(line?.split(/\s+/)[1] ?? NaN) / 1024;
}

/** CPU seconds used so far by a process (user + system). */
export function cpuSeconds(pid: number): number {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return (Number(fields[11]) + Number(fields[12])) / CLOCK_TICKS;
  } catch {
    return NaN;
  }
}

/** The whole machine: busy and total jiffies. */
export function hostCpu(): { busy: number; total: number } {
  const [, ...values] = readFileSync('/proc/stat', 'utf8').split('\n')[0].trim().split(/\s+/);
  const n = values.map(Number);
  const total = n.slice(0, 8).reduce((a, b) => a + b, 0);
  return { busy: total - n[3] - n[4], total };
}

export function openFileLimit(pid: number | 'self'): { soft: number; hard: number } {
  const line = readFileSync(`/proc/${pid}/limits`, 'utf8')
    .split('\n')
    .find((l) => l.startsWith('Max open files'))!;
  const [soft, hard] = line.replace('Max open files', '').trim().split(/\s+/);
  const num = (v: string) => (v === 'unlimited' ? Infinity : Number(v));
  return { soft: num(soft), hard: num(hard) };
}

export function openFiles(pid: number): number {
  return readdirSync(`/proc/${pid}/fd`).length;
}

/** The pid of the process listening on a TCP port (BuiltApp keeps its child to itself). */
export function listenerPid(port: number): number {
  const out = execFileSync('ss', ['-Hltnp', `sport = :${port}`]).toString();
  const match = /pid=(\d+)/.exec(out);
  if (!match) throw new Error(`no process found listening on port ${port}`);
  return Number(match[1]);
}

export class CpuMeter {
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
export function schedstat(pid: number): { runNs: number; waitNs: number } {
  const [run, wait] = readFileSync(`/proc/${pid}/schedstat`, 'utf8').trim().split(/\s+/).map(Number);
  return { runNs: run, waitNs: wait };
}
