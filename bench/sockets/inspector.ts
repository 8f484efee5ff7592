/**
 * The api's own view of its memory, through the inspector it was started with: a full garbage collection, then
 * process.memoryUsage(), so the heap figure is what the connections keep alive, not garbage awaiting collection.
 */
export class Inspector {
  private socket?: import('ws').WebSocket;
  private nextId = 1;
  private readonly waiting = new Map<number, (message: { result?: unknown; error?: unknown }) => void>();

  constructor(private readonly port: number) {}

  async connect(): Promise<void> {
    const { WebSocket } = await import('ws');
    const targets = (await (await fetch(`http://127.0.0.1:${this.port}/json/list`)).json()) as Array<{ webSocketDebuggerUrl: string }>;
    const socket = new WebSocket(targets[0].webSocketDebuggerUrl);
    await new Promise<void>((ok, fail) => (socket.once('open', () => ok()), socket.once('error', fail)));
    socket.on('message', (data) => {
      const message = JSON.parse(data.toString()) as { id?: number; result?: unknown; error?: unknown };
      if (message.id === undefined) return;
      this.waiting.get(message.id)?.(message);
      this.waiting.delete(message.id);
    });
    this.socket = socket;
  }

  private call(method: string, params: Record<string, unknown> = {}): Promise<unknown> {
    const id = this.nextId++;
    return new Promise((ok, fail) => {
      this.waiting.set(id, (m) => (m.error ? fail(new Error(JSON.stringify(m.error))) : ok(m.result)));
      this.socket!.send(JSON.stringify({ id, method, params }));
    });
  }

  /** MB after a full collection: heap used, external (incl. array buffers) and RSS. */
  async collect(): Promise<{ heapUsedMb: number; externalMb: number; rssMb: number; gcMs: number }> {
    const started = performance.now();
    await this.call('HeapProfiler.collectGarbage');
    const gcMs = performance.now() - started;
    const result = (await this.call('Runtime.evaluate', { expression: 'JSON.stringify(process.memoryUsage())', returnByValue: true })) as { result: { value: string } };
    const usage = JSON.parse(result.result.value) as { heapUsed: number; external: number; rss: number };
    const mb = (n: number) => +(n / 2 ** 20).toFixed(1);
    return { heapUsedMb: mb(usage.heapUsed), externalMb: mb(usage.external), rssMb: mb(usage.rss), gcMs: +gcMs.toFixed(0) };
  }

  close(): void {
    this.socket?.close();
  }
}
