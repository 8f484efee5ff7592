import type { INestApplication } from '@nestjs/common';
import { DEMO_SIGN_INS_PER_ADDRESS, DEMO_SIGN_INS_PER_NAME } from '../apps/api/src/demo/demo-token.controller';
import { isolatedStores, startApp } from './support/apps';
import { registerUsers } from './support/desktop-client';

/** Waits out the end of a minute window when close to it, so a run of attempts falls in one window. */
async function freshWindow(): Promise<void> {
  if (Date.now() % 60_000 > 45_000) await new Promise((r) => setTimeout(r, 60_000 - (Date.now() % 60_000) + 50));
}

describe('the demo sign-in is throttled: a password oracle otherwise', () => {
  let api: INestApplication;
  let url: string;

  beforeAll(async () => {
    ({ app: api, url } = await startApp('api', { ...isolatedStores('demo_limits'), DEMO_TOKEN_ISSUER: 'enabled' }));
  });

  afterAll(async () => {
    await api?.close();
    // The environment outlives this suite in the test process; later suites must not inherit the issuer.
    process.env.DEMO_TOKEN_ISSUER = 'disabled';
  });

  const signIn = (user: string, password: string) =>
    fetch(`${url}/api/v1/demo/token`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ user, password }) });

  it(`allows ${DEMO_SIGN_INS_PER_NAME} attempts a minute per user name, then 429 with Retry-After, even with the right password`, async () => {
    await freshWindow();
    const [user] = await registerUsers('guessed');
    for (let i = 0; i < DEMO_SIGN_INS_PER_NAME; i++) expect((await signIn(user, `guess-${i}`)).status).toBe(403);
    const refused = await signIn(user, 'pw');
    expect(refused.status).toBe(429);
    expect(Number(refused.headers.get('retry-after'))).toBeGreaterThanOrEqual(1);
    expect(await refused.json()).toEqual({
      error: 'rate-limited',
      message: expect.stringMatching(new RegExp(`more than ${DEMO_SIGN_INS_PER_NAME} sign-in attempts for this user name a minute`)),
      retryAfter: Number(refused.headers.get('retry-after')),
    });
  });

  it(`allows ${DEMO_SIGN_INS_PER_ADDRESS} attempts a minute from one address, whatever the names`, async () => {
    await freshWindow();
    const [user] = await registerUsers('sprayed');
    let refused: Response | undefined;
    // Earlier attempts of this suite in the same window count too: the refusal comes at the latest here.
    for (let i = 0; i <= DEMO_SIGN_INS_PER_ADDRESS && !refused; i++) {
      const response = await signIn(`nobody-${i}-${Date.now()}`, 'pw');
      if (response.status === 429) refused = response;
      else expect(response.status).toBe(403);
    }
    expect(refused).toBeDefined();
    expect(refused!.headers.get('retry-after')).toMatch(/^\d+$/);
    expect(await refused!.json()).toMatchObject({ error: 'rate-limited', message: expect.stringMatching(/sign-in attempts from this address/) });
    // The address is spent: a fresh name with the right password waits too.
    expect((await signIn(user, 'pw')).status).toBe(429);
  });
});
