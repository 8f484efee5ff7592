import { closeSync, existsSync, openSync, readSync, statSync } from 'node:fs';

/** The api's garbage collections, from its --trace-gc output (its stdout, kept in a file). */
export class GcLog {
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
