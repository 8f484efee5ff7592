import type { INestApplication } from '@nestjs/common';
import { Redis } from 'ioredis';
import type { MessageArchive } from '@chat/persistence';
import { archiveReader, isolatedStores, startApp } from './support/apps';
import { BuiltApp, freePort } from './support/built-app';
import { DesktopClient, registerUsers } from './support/desktop-client';
import { eventually } from './support/stack';
import { WebUser } from './support/web-user';

const DOMAIN = process.env.XMPP_DOMAIN ?? 'localhost';
const COMPONENT = process.env.XMPP_COMPONENT_DOMAIN ?? 'chat.localhost';
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

// Two gateways attached to one component domain (issue 11, item 1): ejabberd spreads the domain's stanzas over
// both links, each journals its share, one of them (the lease holder) mirrors and sends. Killing either loses and
// doubles nothing.
describe('two gateways on one component domain', () => {
  const stores = isolatedStores('pair');
  const env = { ...stores, GATEWAY_LEASE_MS: '2000', XMPP_RECONNECT_MIN_MS: '200' };
  const gateways: Record<string, BuiltApp> = {};
  let api: INestApplication;
  let apiUrl: string;
  let worker: INestApplication;
  let archive: MessageArchive;
  let closeArchive: (() => Promise<void>) | undefined;
  let redis: Redis;
  let alice: DesktopClient;
  let bob: DesktopClient;
  let carol: WebUser;
  let conversationId: string;

  beforeAll(async () => {
    for (const name of ['gw-a', 'gw-b']) {
      gateways[name] = new BuiltApp('gateway', await freePort(), { ...env, GATEWAY_INSTANCE_ID: name });
      await gateways[name].start();
    }
    ({ app: worker } = await startApp('worker', stores));
    ({ app: api, url: apiUrl } = await startApp('api', { ...stores, SEND_RATE_PER_MINUTE: '100000' }));
    ({ archive, close: closeArchive } = await archiveReader(stores));
    redis = new Redis(process.env.REDIS_URL!);
    const [a, b, c] = await registerUsers('alice', 'bob', 'carol');
    alice = await DesktopClient.connect(a, 'gajim');
    bob = await DesktopClient.connect(b, 'psi');
    await alice.presence();
    await bob.presence();
    carol = await WebUser.connect(apiUrl, c);
    conversationId = `dm:${a}@${DOMAIN}|${b}@${DOMAIN}`;
  });

  afterAll(async () => {
    carol?.close();
    await alice?.stop();
    await bob?.stop();
    for (const gateway of Object.values(gateways)) await gateway.stop();
    await api?.close();
    await worker?.close();
    await closeArchive?.();
    redis?.disconnect();
  });

  async function activeGateway(): Promise<string> {
    const holder = await eventually('an active gateway', async () => (await redis.get(`${stores.QUEUE_PREFIX}:active-gateway:${COMPONENT}`)) ?? undefined, 20_000);
    return holder.split(':')[0];
  }

  it('archives every desktop message and sends every web message exactly once while each gateway in turn is killed', async () => {
    const desktopSent: string[] = [];
    const webSent: string[] = [];
    let sending = true;
    const desktopStream = (async () => {
      for (let i = 0; sending; i++) {
        await alice.chat(bob.jid, `pair-${i}`, `pair-${i}`);
        desktopSent.push(`pair-${i}`);
        await sleep(20);
      }
    })();
    const webStream = (async () => {
      for (let i = 0; sending; i++) {
        const ack = await carol.request('send-message', { to: bob.jid, body: `web-${i}`, clientMessageId: `web-${i}` });
        if (ack.error) throw new Error(`send-message refused: ${JSON.stringify(ack)}`);
        webSent.push(`web-${i}`);
        await sleep(100);
      }
    })();

    for (let round = 0; round < 2; round++) {
      await sleep(1500);
      const active = await activeGateway();
      await gateways[active].kill();
      await sleep(3000);
      // The twin took over: the lease moved while the killed one was down.
      expect(await activeGateway()).not.toBe(active);
      await gateways[active].start();
    }
    await sleep(1500);
    sending = false;
    await Promise.all([desktopStream, webStream]);

    const archived = await eventually(
      'every desktop message archived',
      async () => {
        const bodies = (await archive.listConversation(conversationId, 100_000)).map((m) => m.body);
        return desktopSent.every((b) => bodies.includes(b)) ? bodies : undefined;
      },
      60_000,
    );
    expect(new Set(archived).size).toBe(archived.length);

    const received = await eventually(
      'every web message delivered to the desktop user',
      async () => {
        const bodies = bob.received.map((m) => m.getChildText('body')).filter((b): b is string => !!b?.startsWith('web-'));
        return webSent.every((b) => bodies.includes(b)) ? bodies : undefined;
      },
      90_000,
    );
    expect(received.filter((b, i) => received.indexOf(b) !== i)).toEqual([]);
    expect(desktopSent.length).toBeGreaterThan(100);
  }, 240_000);
});
