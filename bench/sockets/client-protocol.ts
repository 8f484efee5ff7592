// What the driver asks of a client process over the IPC channel, and what it answers.

export type ClientCommand =
  | { id: number; type: 'open'; url: string; indices: number[] }
  | { id: number; type: 'reset' }
  | { id: number; type: 'count'; fromSeq: number; toSeq: number }
  | { id: number; type: 'collect'; fromSeq: number; toSeq: number }
  | { id: number; type: 'close' };
/** A command before the parent numbers it. */
export type Command = ClientCommand extends infer C ? (C extends unknown ? Omit<C, 'id'> : never) : never;

export interface OpenResult {
  opened: number[];
  failures: Record<string, number>;
}

export interface CollectResult {
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
