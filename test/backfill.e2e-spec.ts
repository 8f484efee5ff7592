import type { INestApplication } from '@nestjs/common';
import type { MessageArchive } from '@chat/persistence';
import { archiveReader, isolatedStores, startApp } from './support/apps';
import { BuiltApp, freePort } from './support/built-app';
import { DesktopClient, registerUsers } from './support/desktop-client';
import { eventually, stack } from './support/stack';
import { WebUser } from './support/web-user';

const DOMAIN = process.env.XMPP_DOMAIN ?? 'localhost';
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

// ejabberd does not keep service-log copies for an absent component: whatever is said while no gateway is
// connected reaches the archive only through ejabberd's own (mod_mam on PostgreSQL), read back after the gap
// (issue 11, item 3). Each case checks that the messages really were sent while no gateway was linked.
describe('gaps closed from ejabberd’s archive', () => {
  const stores = isolatedStores('backfill');
  let gateway: BuiltApp;
  let api: INestApplication;
  let worker: INestApplication;
  let archive: MessageArchive;
  let closeArchive: (() => Promise<void>) | undefined;
  let users: string[];
  let alice: DesktopClient;
  let bob: DesktopClient;
  let bobWeb: WebUser;

  const linked = async () => {
    const health = (await (await fetch(`${gateway.url}/health/ready`)).json()) as { details?: { xmpp?: { link?: string } } };
    return health.details?.xmpp?.link === 'online';
  };
  const conversationId = () => `dm:${users[0]}@${DOMAIN}|${users[1]}@${DOMAIN}`;
  const bodies = async () => (await archive.listConversation(conversationId(), 100_000)).map((m) => m.body);

  async function send(prefix: string, count: number): Promise<string[]> {
    const sent: string[] = [];
    for (let i = 0; i < count; i++) {
      await alice.chat(bob.jid, `${prefix}-${i}`, `${prefix}-${i}`);
      sent.push(`${prefix}-${i}`);
    }
    return sent;
  }

  async function connectDesktops(): Promise<void> {
    alice = await DesktopClient.connect(users[0], 'gajim');
    bob = await DesktopClient.connect(users[1], 'psi');
    await alice.presence();
    await bob.presence();
  }

  beforeAll(async () => {
    // A slow first reconnection (≥ 10 s) lets the desktop clients talk before the gateway is back after ejabberd restarts.
    const env = { ...stores, GATEWAY_LEASE_MS: '2000', BACKFILL_MARGIN_MS: '2000', XMPP_RECONNECT_MIN_MS: '20000', XMPP_RECONNECT_MAX_MS: '30000' };
    gateway = new BuiltApp('gateway', await freePort(), { ...env, GATEWAY_INSTANCE_ID: 'gw-backfill' });
    await gateway.start();
    ({ app: worker } = await startApp('worker', stores));
    const started = await startApp('api', stores);
    api = started.app;
    ({ archive, close: closeArchive } = await archiveReader(stores));
    users = await registerUsers('alice', 'bob');
    await connectDesktops();
    bobWeb = await WebUser.connect(started.url, users[1]);
  });

  afterAll(async () => {
    bobWeb?.close();
    await alice?.stop();
    await bob?.stop();
    await gateway?.stop();
    await api?.close();
    await worker?.close();
    await closeArchive?.();
  });

  it('archives, once each and live for web users, what was said while every gateway was down', async () => {
    const before = await send('before', 5);
    await eventually('the first messages archived', async () => ((await bodies()).length === 5 ? true : undefined));

    await gateway.kill();
    const during = await send('outage', 20);
    await sleep(500);
    await gateway.start();
    const after = await send('after', 5);

    const expected = [...before, ...during, ...after];
    const stored = await eventually(
      'every message archived, the outage backfilled',
      async () => {
        const list = await bodies();
        return expected.every((b) => list.includes(b)) ? list : undefined;
      },
      60_000,
    );
    expect(stored.filter((b, i) => stored.indexOf(b) !== i)).toEqual([]);
    expect([...stored].sort()).toEqual([...expected].sort());
    // The web user got the backfilled messages as they came back.
    await eventually(
      'the backfilled messages delivered live',
      async () => {
        const seen = new Set(bobWeb.of('message').map((e) => e.body));
        return during.every((b) => seen.has(b)) ? true : undefined;
      },
      30_000,
    );
  }, 120_000);

  it('archives what desktop users said after an ejabberd restart, before the gateway was linked again', async () => {
    await eventually('the gateway linked', async () => ((await linked()) ? true : undefined), 30_000);
    await alice.stop();
    await bob.stop();
    await stack('stop', 'ejabberd');
    await stack('start', 'ejabberd');
    await connectDesktops();
    const sent = await send('restart', 10);
    // The scenario of the test: these went out while the component was not linked.
    expect(await linked()).toBe(false);

    const stored = await eventually(
      'the messages of the restart archived',
      async () => {
        const list = await bodies();
        return sent.every((b) => list.includes(b)) ? list : undefined;
      },
      90_000,
    );
    expect(stored.filter((b, i) => stored.indexOf(b) !== i)).toEqual([]);
  }, 150_000);
});
