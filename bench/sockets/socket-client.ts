/**
 * A client process of the sockets benchmark (forked by ClientProcess): holds its share of the sockets and records
 * the presence events they receive, answering the driver's commands over the IPC channel.
 */
import { monitorEventLoopDelay } from 'node:perf_hooks';
import type { Socket } from 'socket.io-client';
import type { ClientCommand, CollectResult, OpenResult } from './client-protocol';
import { CONNECT_CONCURRENCY } from './settings';
import { parseStatus, watchedJid, watchList } from './watched-users';

async function clientMain(): Promise<void> {
  const { io } = await import('socket.io-client');
  const { accessToken } = await import('../../test/support/tokens');
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
      if (seqs[k] >= fromSeq && seqs[k] < toSeq) {
        out.seqs.push(seqs[k]);
        out.latencies.push(lats[k]);
      }
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

clientMain().catch((error) => {
  console.error(error);
  process.exit(1);
});
