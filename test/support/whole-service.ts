import type { INestApplication } from '@nestjs/common';
import { isolatedStores, startApp } from './apps';
import { DesktopClient } from './desktop-client';
import { eventually } from './stack';
import { WebUser } from './web-user';

/**
 * The gateway, worker and api of one suite, booted in this process against the test stack with stores of their
 * own, and the desktop clients and web users the suite opens: all closed together at the end.
 */
export class WholeService {
  private readonly closers: Array<() => unknown> = [];

  private constructor(
    readonly gateway: INestApplication,
    readonly gatewayUrl: string,
    readonly worker: INestApplication,
    readonly api: INestApplication,
    readonly apiUrl: string,
  ) {}

  /** Starts the three apps and waits until the component is online (within `onlineWithinMs`). */
  static async start(suite: string, env: Record<string, string>, onlineWithinMs = 60_000): Promise<WholeService> {
    const settings = { ...isolatedStores(suite), ...env };
    const gateway = await startApp('gateway', settings);
    const worker = await startApp('worker', settings);
    const api = await startApp('api', settings);
    const service = new WholeService(gateway.app, gateway.url, worker.app, api.app, api.url);
    await service.componentOnline(onlineWithinMs);
    return service;
  }

  async componentOnline(withinMs = 60_000): Promise<void> {
    await eventually('the component online', async () => ((await fetch(`${this.gatewayUrl}/health/ready`)).ok ? true : undefined), withinMs);
  }

  /** A desktop XMPP client, available unless `presence` is false. */
  async desktop(user: string, resource: string, presence = true): Promise<DesktopClient> {
    const client = await DesktopClient.connect(user, resource);
    this.closers.push(() => client.stop());
    if (presence) await client.presence();
    return client;
  }

  async web(user: string): Promise<WebUser> {
    const person = await WebUser.connect(this.apiUrl, user);
    this.closers.push(() => person.close());
    return person;
  }

  async close(): Promise<void> {
    for (const close of this.closers.reverse()) await close();
    await this.api.close();
    await this.worker.close();
    await this.gateway.close();
  }
}
