import type { ClientProcess } from './client-process';
import type { OpenResult } from './client-protocol';
import { watchList } from './watched-users';

/**
 * Opens sockets `from` … `to` − 1, spread over the client processes, and counts each opened socket's watches in
 * `watchers` (how many sockets watch each user: the deliveries a change of that user is expected to make).
 */
export async function openSockets(
  clients: ClientProcess[],
  url: string,
  from: number,
  to: number,
  watchers: Int32Array,
): Promise<{ requested: number; opened: number; connectSeconds: number; connectFailures: Record<string, number> }> {
  const indices = Array.from({ length: to - from }, (_, k) => from + k);
  const shares = clients.map((_, c) => indices.filter((_, k) => k % clients.length === c));
  const connectStarted = performance.now();
  const opened = await Promise.all(clients.map((c, n) => c.call<OpenResult>({ type: 'open', url, indices: shares[n] })));
  const connectSeconds = (performance.now() - connectStarted) / 1000;
  const connectFailures: Record<string, number> = {};
  let openedNow = 0;
  for (const o of opened) {
    openedNow += o.opened.length;
    for (const i of o.opened) for (const j of watchList(i)) watchers[j]++;
    for (const [reason, n] of Object.entries(o.failures)) connectFailures[reason] = (connectFailures[reason] ?? 0) + n;
  }
  return { requested: indices.length, opened: openedNow, connectSeconds, connectFailures };
}
