import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { Redis } from 'ioredis';
import { BuiltApp, freePort } from '../../test/support/built-app';
import { REPO_ROOT, stack } from '../../test/support/stack';

export type Fault = 'nothing' | 'gateway (one of two)' | 'gateway (all)' | 'worker' | 'api' | 'ejabberd' | 'Redis' | 'MongoDB-wire server';
export const FAULTS: Fault[] = ['nothing', 'gateway (one of two)', 'gateway (all)', 'worker', 'api', 'ejabberd', 'Redis', 'MongoDB-wire server'];

const STACK_DIR = resolve(REPO_ROOT, '.stack/test');
/** Where bin/stack keeps each server's process id. */
const PID_FILES = { ejabberd: 'ejabberd/ejabberd.pid', redis: 'redis/pid', mongo: 'mongo/pid' } as const;
const COMPONENT = process.env.XMPP_COMPONENT_DOMAIN ?? 'chat.localhost';

/** The whole service as an operator runs it (two gateways, a worker, an api), each a process a fault can kill -9. */
export class ChaosService {
  readonly gateways: Record<string, BuiltApp> = {};
  worker!: BuiltApp;
  api!: BuiltApp;
  private readonly redis = new Redis(process.env.REDIS_URL!, { lazyConnect: true, maxRetriesPerRequest: 1 });

  constructor(readonly stores: { MONGO_DB: string; QUEUE_PREFIX: string }) {}

  async start(): Promise<void> {
    // Web users send faster than a person would: lift their budget so the bench measures loss, not refusals.
    const env = { ...this.stores, SEND_RATE_PER_MINUTE: '100000', READ_RATE_PER_MINUTE: '100000' };
    for (const name of ['gw-a', 'gw-b']) {
      this.gateways[name] = new BuiltApp('gateway', await freePort(), { ...env, GATEWAY_INSTANCE_ID: name });
      await this.gateways[name].start();
    }
    this.worker = new BuiltApp('worker', await freePort(), env);
    this.api = new BuiltApp('api', await freePort(), env);
    await Promise.all([this.worker.start(), this.api.start()]);
  }

  /** kill -9 of what the fault names; returns how to bring it back. */
  async inflict(fault: Fault): Promise<() => Promise<void>> {
    switch (fault) {
      case 'nothing':
        return async () => undefined;
      case 'gateway (one of two)': {
        const gateway = this.gateways[await this.activeGateway()];
        await gateway.kill();
        return () => gateway.start();
      }
      case 'gateway (all)': {
        const all = Object.values(this.gateways);
        await Promise.all(all.map((g) => g.kill()));
        return async () => void (await Promise.all(all.map((g) => g.start())));
      }
      case 'worker':
        await this.worker.kill();
        return () => this.worker.start();
      case 'api':
        await this.api.kill();
        return () => this.api.start();
      case 'ejabberd':
        return this.killServer('ejabberd');
      case 'Redis':
        return this.killServer('redis');
      case 'MongoDB-wire server':
        return this.killServer('mongo');
    }
  }

  private async killServer(name: keyof typeof PID_FILES): Promise<() => Promise<void>> {
    const pid = Number(readFileSync(resolve(STACK_DIR, PID_FILES[name]), 'utf8').trim());
    process.kill(pid, 'SIGKILL');
    // The process is gone once signal 0 fails.
    for (let i = 0; i < 100; i++) {
      try {
        process.kill(pid, 0);
        await new Promise((r) => setTimeout(r, 50));
      } catch {
        break;
      }
    }
    return async () => void (await stack('start', name));
  }

  private async activeGateway(): Promise<string> {
    if (this.redis.status === 'wait') await this.redis.connect();
    const holder = await this.redis.get(`${this.stores.QUEUE_PREFIX}:active-gateway:${COMPONENT}`);
    if (!holder) throw new Error('no gateway holds the lease');
    return holder.split(':')[0];
  }

  async stop(): Promise<void> {
    this.redis.disconnect();
    await Promise.all([...Object.values(this.gateways), this.worker, this.api].map((app) => app?.stop().catch(() => undefined)));
  }
}
