import type { INestApplication } from '@nestjs/common';
import { isolatedStores, startApp } from './support/apps';
import { accessToken } from './support/tokens';

describe('REST: every route but health needs a valid intranet token', () => {
  let api: INestApplication;
  let url: string;

  beforeAll(async () => {
    ({ app: api, url } = await startApp('api', { ...isolatedStores('rest'), DEMO_TOKEN_ISSUER: 'disabled' }));
  });

  afterAll(async () => {
    await api?.close();
  });

  const lookup = (auth?: string, query = 'jids=alice@localhost,bob@localhost') => fetch(`${url}/api/v1/presence?${query}`, { headers: auth ? { authorization: auth } : {} });

  it('answers presence badges for many users at once', async () => {
    const response = await lookup(`Bearer ${await accessToken('carol')}`);
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({
      presences: [expect.objectContaining({ jid: 'alice@localhost', show: 'offline' }), expect.objectContaining({ jid: 'bob@localhost', show: 'offline' })],
    });
  });

  it('refuses malformed lists with a clear 400', async () => {
    const auth = `Bearer ${await accessToken('carol')}`;
    for (const query of ['', 'jids=', 'jids=not%20a%20jid', 'jids[$gt]=a']) {
      const response = await lookup(auth, query);
      expect(response.status).toBe(400);
      expect(((await response.json()) as { message: string }).message).toMatch(/jid/i);
    }
  });

  it.each([
    ['no token', async () => undefined, 'missing'],
    ['an expired token', async () => `Bearer ${await accessToken('carol', { expiresIn: Math.floor(Date.now() / 1000) - 60 })}`, 'expired'],
    ['a token signed with another key', async () => `Bearer ${await accessToken('carol', { secret: 'another-secret-another-secret-another' })}`, 'invalid'],
    [
      'alg none',
      async () =>
        `Bearer ${Buffer.from('{"alg":"none"}').toString('base64url')}.${Buffer.from(JSON.stringify({ sub: 'carol', iss: 'chat-backbone-dev', aud: 'chat-backbone', exp: 9e9 })).toString('base64url')}.`,
      'invalid',
    ],
    ['another scheme', async () => `Basic ${Buffer.from('carol:pw').toString('base64')}`, 'missing'],
  ])('refuses %s with 401', async (_what, auth, reason) => {
    const response = await lookup(await auth());
    expect(response.status).toBe(401);
    expect(await response.json()).toMatchObject({ reason });
  });

  it('has no demo token issuer unless it is enabled', async () => {
    const response = await fetch(`${url}/api/v1/demo/token`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"user":"alice","password":"alice-pass"}' });
    expect(response.status).toBe(404);
  });

  it('leaves health open for probes', async () => {
    expect((await fetch(`${url}/health/live`)).status).toBe(200);
  });
});
