import { type ChildProcess, spawn } from 'node:child_process';
import { resolve } from 'node:path';
import { createInterface } from 'node:readline';
import { eventually, REPO_ROOT } from './stack';

interface ClientEvent {
  event: 'online' | 'cut' | 'resumed' | 'resume-failed';
  jid?: string;
  streamManagement?: { enabled: boolean; id: string };
  reason?: string;
}

/** A stream-management client (test/support/stream-management-client.mjs) in a child process the test can kill. */
export class StreamManagementProcess {
  readonly events: ClientEvent[] = [];

  private constructor(private readonly child: ChildProcess) {
    createInterface({ input: child.stdout! }).on('line', (line) => this.events.push(JSON.parse(line) as ClientEvent));
  }

  /** Starts the client and waits until it is online with its presence sent. */
  static async start(user: string, resource: string, password = 'pw'): Promise<StreamManagementProcess> {
    const args = [process.env.XMPP_C2S_URL!, process.env.XMPP_DOMAIN ?? 'localhost', user, password, resource];
    const child = spawn(process.execPath, [resolve(REPO_ROOT, 'test/support/stream-management-client.mjs'), ...args], {
      cwd: REPO_ROOT,
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    const client = new StreamManagementProcess(child);
    await client.waitFor('online');
    return client;
  }

  get online(): ClientEvent {
    return this.events.find((e) => e.event === 'online')!;
  }

  async waitFor(event: ClientEvent['event'], timeoutMs = 20_000): Promise<ClientEvent> {
    return eventually(`the client's '${event}'`, async () => this.events.find((e) => e.event === event), timeoutMs);
  }

  /** SIGKILL: the process dies at once, the kernel closes its socket, nothing is said to the server. */
  kill(): void {
    this.child.kill('SIGKILL');
  }

  /** The connection drops without a closing stream; the server keeps the session for resumption. */
  async cut(): Promise<void> {
    this.child.kill('SIGUSR1');
    await this.waitFor('cut');
  }

  async resume(): Promise<void> {
    this.child.kill('SIGUSR2');
    await this.waitFor('resumed');
  }
}
