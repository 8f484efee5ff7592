import type { INestApplication } from '@nestjs/common';
import { isolatedStores, startApp } from './support/apps';
import { eventually, stack } from './support/stack';

interface Readiness {
  status: string;
  details: { xmpp: { status: string; link: string; connections: number; privileges?: Record<string, string>; missingPrivileges?: string[] } };
}

async function readiness(url: string): Promise<{ code: number; body: Readiness }> {
  const response = await fetch(`${url}/health/ready`);
  return { code: response.status, body: (await response.json()) as Readiness };
}

describe('gateway ↔ ejabberd (XEP-0114)', () => {
  let gateway: INestApplication;
  let url: string;

  beforeAll(async () => {
    ({ app: gateway, url } = await startApp('gateway', {
      ...isolatedStores('component'),
      XMPP_RECONNECT_MIN_MS: '200',
      XMPP_RECONNECT_MAX_MS: '1000',
    }));
  });

  afterAll(async () => {
    await stack('start', 'ejabberd');
    await gateway?.close();
  });

  it('completes the handshake and reports the privileges ejabberd granted', async () => {
    const ready = await eventually('component online', async () => {
      const r = await readiness(url);
      return r.body.details.xmpp.link === 'online' && r.body.details.xmpp.privileges ? r : undefined;
    });
    expect(ready.code).toBe(200);
    expect(ready.body.details.xmpp.privileges).toEqual({ message: 'outgoing', roster: 'both', presence: 'roster' });
    expect(ready.body.details.xmpp.missingPrivileges).toEqual([]);
  });

  it('reports not ready while ejabberd is down, and reconnects by itself when it is back', async () => {
    const before = (await readiness(url)).body.details.xmpp.connections;
    await stack('stop', 'ejabberd');
    const down = await eventually('readiness to fail', async () => {
      const r = await readiness(url);
      return r.code === 503 ? r : undefined;
    });
    expect(down.body.details.xmpp.status).toBe('down');
    expect(down.body.details.xmpp.link).not.toBe('online');

    await stack('start', 'ejabberd');
    const back = await eventually(
      'component back online',
      async () => {
        const r = await readiness(url);
        return r.code === 200 && r.body.details.xmpp.privileges ? r : undefined;
      },
      60_000,
    );
    expect(back.body.details.xmpp.connections).toBe(before + 1);
    expect(back.body.details.xmpp.missingPrivileges).toEqual([]);
  });
});
