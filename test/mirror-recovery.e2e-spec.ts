import type { MessageArchive } from '@chat/persistence';
import { archiveReader, isolatedStores } from './support/apps';
import { BuiltApp, freePort } from './support/built-app';
import { DesktopClient, registerUsers } from './support/desktop-client';
import { eventually, stack } from './support/stack';

const DOMAIN = process.env.XMPP_DOMAIN ?? 'localhost';

describe('no message lost or doubled across a killed gateway and a MongoDB outage', () => {
  const stores = isolatedStores('recovery');
  let gateway: BuiltApp;
  let archive: MessageArchive;
  let closeArchive: (() => Promise<void>) | undefined;
  let alice: DesktopClient;
  let bob: DesktopClient;
  let conversationId: string;

  beforeAll(async () => {
    gateway = new BuiltApp('gateway', await freePort(), { ...stores, XMPP_RECONNECT_MIN_MS: '200' });
    await gateway.start();
    ({ archive, close: closeArchive } = await archiveReader(stores));
    const [a, b] = await registerUsers('alice', 'bob');
    alice = await DesktopClient.connect(a, 'gajim');
    bob = await DesktopClient.connect(b, 'psi');
    await alice.presence();
    await bob.presence();
    conversationId = `dm:${a}@${DOMAIN}|${b}@${DOMAIN}`;
  });

  afterAll(async () => {
    if (process.env.STACK_MONGO_MANAGED !== 'no') await stack('start', 'mongo');
    await alice?.stop();
    await bob?.stop();
    await gateway?.stop();
    await closeArchive?.();
  });

  const bodies = async () => (await archive.listConversation(conversationId, 100_000)).map((m) => m.body);

  async function send(prefix: string, count: number): Promise<string[]> {
    const sent: string[] = [];
    for (let i = 0; i < count; i++) {
      const body = `${prefix}-${i}`;
      await alice.chat(bob.jid, body, body);
      sent.push(body);
    }
    return sent;
  }

  // With an external MONGO_URL the test cannot take MongoDB away.
  const withManagedMongo = process.env.STACK_MONGO_MANAGED === 'no' ? it.skip : it;

  withManagedMongo('keeps what was journaled while MongoDB was down, through a SIGKILL of the gateway', async () => {
    const before = await send('before', 10);
    await eventually('the first messages archived', async () => ((await bodies()).length === 10 ? true : undefined));

    await stack('stop', 'mongo');
    const during = await send('outage', 10);
    // Long enough for the gateway to journal them; it cannot store them.
    await new Promise((r) => setTimeout(r, 1500));
    await gateway.kill();
    await stack('start', 'mongo');
    await gateway.start();
    const after = await send('after', 10);

    const expected = [...before, ...during, ...after];
    const stored = await eventually(
      'all 30 messages archived',
      async () => {
        const list = await bodies();
        return list.length >= 30 ? list : undefined;
      },
      60_000,
    );
    expect(stored).toEqual(expected);
  });

  it('archives every message sent while the gateway was up, each once, when it is killed mid-stream', async () => {
    const sent: Array<{ body: string; at: number }> = [];
    let sending = true;
    const stream = (async () => {
      for (let i = 0; sending; i++) {
        const body = `stream-${i}`;
        await alice.chat(bob.jid, body, body);
        sent.push({ body, at: Date.now() });
        await new Promise((r) => setTimeout(r, 10));
      }
    })();

    await new Promise((r) => setTimeout(r, 1500));
    const killedAt = Date.now();
    await gateway.kill();
    await new Promise((r) => setTimeout(r, 500));
    await gateway.start();
    const readyAt = Date.now();
    await new Promise((r) => setTimeout(r, 1500));
    sending = false;
    await stream;

    const expectedIn = sent.filter((s) => s.at < killedAt - 300 || s.at > readyAt + 300).map((s) => s.body);
    await eventually(
      'the messages sent while the gateway was up',
      async () => {
        const list = new Set(await bodies());
        return expectedIn.every((b) => list.has(b)) ? true : undefined;
      },
      60_000,
    );
    const streamed = (await bodies()).filter((b) => b.startsWith('stream-'));
    expect(new Set(streamed).size).toBe(streamed.length);
    const order = streamed.map((b) => Number(b.split('-')[1]));
    expect(order).toEqual([...order].sort((a, b) => a - b));
    expect(expectedIn.length).toBeGreaterThan(100);
  });
});
