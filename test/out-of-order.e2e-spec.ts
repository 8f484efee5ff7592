import type { INestApplication } from '@nestjs/common';
import type { ConfigService } from '@nestjs/config';
import { Redis } from 'ioredis';
import { InboundJournal } from '@chat/journal';
import type { MessageArchive } from '@chat/persistence';
import { archiveReader, isolatedStores, startApp } from './support/apps';
import { registerUsers } from './support/desktop-client';
import { eventually } from './support/stack';
import { WebUser } from './support/web-user';

const DOMAIN = process.env.XMPP_DOMAIN ?? 'localhost';
const COMPONENT = process.env.XMPP_COMPONENT_DOMAIN ?? 'chat.localhost';

/** ejabberd's service-log copy of a stanza a user sent (mod_service_log), as the gateway journals it. */
function copy(from: string, to: string, id: string, inner: string): string {
  return `<message from="${DOMAIN}" to="${COMPONENT}"><forwarded xmlns="urn:xmpp:forward:0"><message xmlns="jabber:client" from="${from}" to="${to}" type="chat" id="${id}">${inner}</message></forwarded></message>`;
}

// With several gateways (and with a backfill) copies reach the journal in any order: an edit or a read marker that
// arrives before its message waits for it, and applies when it comes (issue 11, item 2).
describe('edits and markers that arrive before their message', () => {
  const stores = isolatedStores('early');
  let gateway: INestApplication;
  let worker: INestApplication;
  let api: INestApplication;
  let apiUrl: string;
  let archive: MessageArchive;
  let closeArchive: (() => Promise<void>) | undefined;
  let redis: Redis;
  let journal: InboundJournal;

  beforeAll(async () => {
    ({ app: gateway } = await startApp('gateway', stores));
    ({ app: worker } = await startApp('worker', stores));
    ({ app: api, url: apiUrl } = await startApp('api', stores));
    ({ archive, close: closeArchive } = await archiveReader(stores));
    redis = new Redis(process.env.REDIS_URL!);
    journal = new InboundJournal(redis, { get: () => stores.QUEUE_PREFIX } as unknown as ConfigService<never, true>);
  });

  afterAll(async () => {
    redis?.disconnect();
    await api?.close();
    await worker?.close();
    await gateway?.close();
    await closeArchive?.();
  });

  it('applies a correction, a retraction and a read marker that came first once their message is archived', async () => {
    const [a, b] = await registerUsers('alice', 'bob');
    const alice = `${a}@${DOMAIN}`;
    const bob = `${b}@${DOMAIN}`;
    const bobWeb = await WebUser.connect(apiUrl, b);
    const conversationId = `dm:${alice}|${bob}`;

    await journal.appendAll([
      { kind: 'stanza', xml: copy(`${alice}/gajim`, bob, 'fix-1', '<body>hello, corrected</body><replace xmlns="urn:xmpp:message-correct:0" id="m-1"/>') },
      { kind: 'stanza', xml: copy(`${alice}/gajim`, bob, 'del-2', '<retract xmlns="urn:xmpp:message-retract:1" id="m-2"/><body>retracted</body>') },
      { kind: 'stanza', xml: copy(`${bob}/psi`, alice, 'seen-1', '<displayed xmlns="urn:xmpp:chat-markers:0" id="m-1"/>') },
    ]);
    // Drained and kept, not dropped: nothing is archived yet.
    await new Promise((r) => setTimeout(r, 1500));
    expect(await archive.listConversation(conversationId)).toEqual([]);

    await journal.appendAll([
      { kind: 'stanza', xml: copy(`${alice}/gajim`, bob, 'm-1', '<body>helo</body>') },
      { kind: 'stanza', xml: copy(`${alice}/gajim`, bob, 'm-2', '<body>oops</body>') },
    ]);
    const messages = await eventually(
      'both messages archived with their edits applied',
      async () => {
        const list = await archive.listConversation(conversationId);
        return list.length === 2 && list[0].body === 'hello, corrected' && list[1].retractedAt ? list : undefined;
      },
      20_000,
    );
    expect(messages[0].edits.map((e) => e.kind)).toEqual(['correction']);
    expect(messages[1].body).toBe('');

    // Bob's marker came before the message: his read position moved once it arrived.
    const [read] = await bobWeb.waitFor('read', 1);
    expect(read).toMatchObject({ conversationId, reader: bob, messageId: messages[0].id });
    // The web user saw the message, then its correction (an event naming what it replaces).
    const events = await bobWeb.waitFor('message', 4);
    expect(events.some((e) => e.replace === messages[0].id && e.body === 'hello, corrected')).toBe(true);
    expect(events.some((e) => e.retract === messages[1].id)).toBe(true);
    bobWeb.close();
  });
});
