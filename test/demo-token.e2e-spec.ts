import type { INestApplication } from '@nestjs/common';
import { isolatedStores, startApp } from './support/apps';
import { registerUsers } from './support/desktop-client';

describe('the demo token issuer, when enabled for the demo', () => {
  let api: INestApplication;
  let url: string;

  beforeAll(async () => {
    ({ app: api, url } = await startApp('api', { ...isolatedStores('demo'), DEMO_TOKEN_ISSUER: 'enabled' }));
  });

  afterAll(async () => {
    await api?.close();
    // The environment outlives this suite in the test process; later suites must not inherit the issuer.
    process.env.DEMO_TOKEN_ISSUER = 'disabled';
  });

  const login = (body: unknown) => fetch(`${url}/api/v1/demo/token`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });

  it("trades a user's XMPP password for a token the api accepts", async () => {
    const [user] = await registerUsers('demo');
    const response = await login({ user, password: 'pw' });
    expect(response.status).toBe(200);
    const { token, jid } = (await response.json()) as { token: string; jid: string };
    expect(jid).toBe(`${user}@localhost`);
    const conversations = await fetch(`${url}/api/v1/conversations`, { headers: { authorization: `Bearer ${token}` } });
    expect(conversations.status).toBe(200);
  });

  it('refuses a wrong password, an unknown user and malformed input', async () => {
    const [user] = await registerUsers('demo');
    expect((await login({ user, password: 'wrong' })).status).toBe(403);
    expect((await login({ user: 'nobody-at-all', password: 'pw' })).status).toBe(403);
    expect((await login({ user: { $gt: '' }, password: 'pw' })).status).toBe(400);
  });
});
