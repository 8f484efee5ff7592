import type { INestApplication } from '@nestjs/common';
import { ClientRequest } from '@chat/realtime';
import { isolatedStores, startApp } from './support/apps';
import { accessToken } from './support/tokens';
import { WebUser } from './support/web-user';

describe('per-user rate limits, shared by REST and the socket', () => {
  let api: INestApplication;
  let url: string;
  const people: WebUser[] = [];

  beforeAll(async () => {
    ({ app: api, url } = await startApp('api', { ...isolatedStores('limits'), SEND_RATE_PER_MINUTE: '3', READ_RATE_PER_MINUTE: '4' }));
  });

  afterAll(async () => {
    people.forEach((p) => p.close());
    await api?.close();
    // The environment outlives this suite in the test process.
    delete process.env.SEND_RATE_PER_MINUTE;
    delete process.env.READ_RATE_PER_MINUTE;
  });

  it('refuses the sends beyond the budget with rate-limited, per user', async () => {
    // Near a minute boundary the window would reset under the test; start in a fresh one.
    if (Date.now() % 60_000 > 55_000) await new Promise((r) => setTimeout(r, 60_000 - (Date.now() % 60_000) + 50));
    const alice = await WebUser.connect(url, `alice_${Date.now()}`);
    const bob = await WebUser.connect(url, `bob_${Date.now()}`);
    people.push(alice, bob);
    const conversationId = `dm:${[alice.jid, bob.jid].sort().join('|')}`;
    const typing = (who: WebUser) => who.request(ClientRequest.ChatState, { conversationId, state: 'composing' });
    for (let i = 0; i < 3; i++) expect(await typing(alice)).toEqual({ sent: true });
    expect(await typing(alice)).toMatchObject({ error: 'rate-limited', message: expect.stringMatching(/more than 3 send requests a minute/) });
    expect(await typing(bob)).toEqual({ sent: true });
  });

  it('counts REST and socket reads against the same budget, and answers 429', async () => {
    if (Date.now() % 60_000 > 55_000) await new Promise((r) => setTimeout(r, 60_000 - (Date.now() % 60_000) + 50));
    const user = `carol_${Date.now()}`;
    const carol = await WebUser.connect(url, user);
    people.push(carol);
    const search = async () => (await fetch(`${url}/api/v1/search?q=hello`, { headers: { authorization: `Bearer ${await accessToken(user)}` } })).status;
    expect(await search()).toBe(200);
    expect(await search()).toBe(200);
    expect(await carol.request(ClientRequest.Search, { q: 'hello' })).toMatchObject({ hits: [] });
    expect(await carol.request(ClientRequest.ListConversations, {})).toMatchObject({ conversations: [] });
    expect(await search()).toBe(429);
    expect(await carol.request(ClientRequest.Search, { q: 'hello' })).toMatchObject({ error: 'rate-limited' });
  });
});
