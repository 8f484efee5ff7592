import { MessageArchive } from '@chat/persistence';
import { ClientRequest } from '@chat/realtime';
import { XmppComponentConnection } from '@chat/xmpp';
import { DesktopClient, registerUsers, xml } from './support/desktop-client';
import { HostileValues } from './support/hostile-values';
import { eventually } from './support/stack';
import { accessToken } from './support/tokens';
import { WholeService } from './support/whole-service';

const DOMAIN = process.env.XMPP_DOMAIN ?? 'localhost';
const MUC = `conference.${DOMAIN}`;
const SEED = Number(process.env.FUZZ_SEED ?? 20261201);
const PER_REQUEST = Number(process.env.FUZZ_PER_REQUEST ?? 20);
const STANZAS = Number(process.env.FUZZ_STANZAS ?? 80);
const REFUSALS = new Set(['bad-request', 'unauthorized', 'forbidden', 'not-found', 'too-large', 'rate-limited', 'unavailable']);
const NOT_XML = /[^\u0009\u000A\u000D\u0020-\uD7FF\uE000-\uFFFD\u{10000}-\u{10FFFF}]/u;

/** Hostile text as a path segment; now and then with bytes that are not UTF-8 at all. */
function pathSegment(random: HostileValues): string {
  const encoded = encodeURIComponent(
    random
      .text()
      .slice(0, 300)
      .replace(/[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g, '\uFFFD'),
  );
  return random.next() < 0.2 ? `${encoded}%ED%A0%80%00` : encoded;
}

/** The fields each socket request reads: the fuzzer fills them (and others) with hostile values. */
const REQUEST_FIELDS: Record<string, string[]> = {
  [ClientRequest.Ping]: [],
  [ClientRequest.WatchPresence]: ['jids'],
  [ClientRequest.UnwatchPresence]: ['jids'],
  [ClientRequest.SendMessage]: ['to', 'body', 'clientMessageId'],
  [ClientRequest.CorrectMessage]: ['messageId', 'body', 'clientMessageId'],
  [ClientRequest.RetractMessage]: ['messageId', 'clientMessageId'],
  [ClientRequest.ChatState]: ['conversationId', 'state'],
  [ClientRequest.MarkRead]: ['conversationId', 'messageId'],
  [ClientRequest.JoinRoom]: ['room'],
  [ClientRequest.ListConversations]: ['before', 'limit'],
  [ClientRequest.History]: ['conversationId', 'before', 'after', 'limit'],
  [ClientRequest.CatchUp]: ['since', 'limit'],
  [ClientRequest.Activities]: ['before', 'after', 'limit'],
  [ClientRequest.Search]: ['q', 'conversationId', 'author', 'room', 'since', 'until', 'before', 'limit'],
};

/**
 * Issue 9: bounded, seeded fuzzing of every socket request, every REST route of the OpenAPI document and of stanzas
 * from a desktop client. Whatever comes in, every request is answered (a result or a refusal, never a crash), and
 * afterwards the component link never dropped, health is green, chat still flows both ways, and the archive holds
 * nothing it should not.
 */
describe(`fuzzing (seed ${SEED})`, () => {
  let service: WholeService;
  let random: HostileValues;
  let alice: string;
  let bob: string;
  let mallory: string;
  let linkAtStart: number;

  beforeAll(async () => {
    service = await WholeService.start('fuzz', { SEND_RATE_PER_MINUTE: '100000', READ_RATE_PER_MINUTE: '100000', LOG_LEVEL: process.env.FUZZ_LOG_LEVEL ?? 'fatal' });
    random = new HostileValues(SEED);
    [alice, bob, mallory] = await registerUsers('alice', 'bob', 'mallory');
    linkAtStart = service.gateway.get(XmppComponentConnection).linkNumber;
  });

  afterAll(async () => {
    await service?.close();
  });

  it('answers every socket request, known or not, with a result or a clear refusal', async () => {
    const web = await service.web(alice);
    const events = [...Object.keys(REQUEST_FIELDS), 'no-such-request', '__proto__', 'constructor'];
    const unanswered: string[] = [];
    const crashed: string[] = [];
    for (const event of events) {
      for (let i = 0; i < PER_REQUEST; i += 1) {
        const body = random.body(Object.hasOwn(REQUEST_FIELDS, event) ? REQUEST_FIELDS[event] : ['x']);
        let answer: Record<string, unknown>;
        try {
          answer = await web.request(event, body);
        } catch {
          unanswered.push(event);
          continue;
        }
        if (answer && typeof answer === 'object' && 'error' in answer && !REFUSALS.has(String(answer.error)))
          crashed.push(`${event}: ${String(answer.error)} ${String(answer.message)}`);
      }
    }
    expect(crashed).toEqual([]);
    expect(unanswered).toEqual([]);
    expect(web.socket.connected).toBe(true);
  });

  it('answers every REST route of the OpenAPI document below 500, whatever the path, query and body', async () => {
    const document = (await (await fetch(`${service.apiUrl}/api/openapi.json`)).json()) as {
      paths: Record<string, Record<string, { parameters?: Array<{ name: string; in: string }> }>>;
    };
    const token = await accessToken(alice);
    const failures: string[] = [];
    let calls = 0;
    for (const [path, operations] of Object.entries(document.paths)) {
      for (const [method, operation] of Object.entries(operations)) {
        const queryNames = (operation.parameters ?? []).filter((p) => p.in === 'query').map((p) => p.name);
        for (let i = 0; i < PER_REQUEST; i += 1) {
          const concrete = path.replace(/\{[^}]+\}/g, () => pathSegment(random));
          const query = new URLSearchParams();
          for (const name of [...queryNames, 'limit', 'q']) if (random.next() < 0.7) query.append(name, random.text().slice(0, 300));
          const body =
            method === 'get' || method === 'delete'
              ? undefined
              : random.next() < 0.1
                ? '{not json'
                : JSON.stringify(random.body(['to', 'body', 'messageId', 'state', 'user', 'password']));
          const response = await fetch(`${service.apiUrl}${concrete}?${query}`, {
            method: method.toUpperCase(),
            headers: { authorization: `Bearer ${token}`, ...(body !== undefined ? { 'content-type': 'application/json' } : {}) },
            body,
          });
          calls += 1;
          if (response.status >= 500) failures.push(`${method.toUpperCase()} ${path} → ${response.status}: ${(await response.text()).slice(0, 200)}`);
          else await response.arrayBuffer();
        }
      }
    }
    expect(calls).toBeGreaterThan(100);
    expect(failures).toEqual([]);
  });

  it('mirrors what it should of random stanzas from a desktop client, and nothing else', async () => {
    const room = `fuzz_${Date.now().toString(36)}@${MUC}`;
    let desk = await DesktopClient.connect(mallory, 'fuzzer');
    await desk.presence();
    await desk.joinRoom(room, 'mallory');
    const targets = [`${alice}@${DOMAIN}`, `${bob}@${DOMAIN}`, room, `chat.${DOMAIN}`, DOMAIN, `nobody@${DOMAIN}`];
    const xmlText = (s: string) => s.replace(new RegExp(NOT_XML.source, 'gu'), '?');
    for (let i = 0; i < STANZAS; i += 1) {
      const to = random.pick(targets);
      const type = random.pick(['chat', 'groupchat', 'normal', 'headline', 'error', 'bogus', undefined]);
      const children = [
        random.next() < 0.8 ? xml('body', random.next() < 0.2 ? { 'xml:lang': 'fr' } : {}, xmlText(random.text()).slice(0, 40_000)) : null,
        random.next() < 0.2 ? xml('replace', { xmlns: 'urn:xmpp:message-correct:0', id: xmlText(random.text()).slice(0, 300) }) : null,
        random.next() < 0.2 ? xml('retract', { xmlns: 'urn:xmpp:message-retract:1', id: xmlText(random.text()).slice(0, 300) }) : null,
        random.next() < 0.2 ? xml('displayed', { xmlns: 'urn:xmpp:chat-markers:0', id: xmlText(random.text()).slice(0, 300) }) : null,
        random.next() < 0.2 ? xml(random.pick(['composing', 'paused', 'gone', 'sleeping']), { xmlns: 'http://jabber.org/protocol/chatstates' }) : null,
        random.next() < 0.2 ? xml('request', { xmlns: 'urn:xmpp:receipts' }) : null,
        random.next() < 0.1 ? xml('delay', { xmlns: 'urn:xmpp:delay', stamp: xmlText(random.text()).slice(0, 40) }) : null,
        random.next() < 0.1 ? xml('stanza-id', { xmlns: 'urn:xmpp:sid:0', by: room, id: xmlText(random.text()).slice(0, 300) }) : null,
      ].filter((c): c is NonNullable<typeof c> => c !== null);
      const id = random.next() < 0.8 ? xmlText(random.text()).slice(0, 300) || undefined : undefined;
      await desk.send(xml('message', { to, ...(type ? { type } : {}), ...(id ? { id } : {}) }, ...children));
    }
    // A client that writes text XML cannot carry loses its own stream, as RFC 6120 says; nobody else's.
    await desk.send(xml('message', { to: `${alice}@${DOMAIN}`, type: 'chat' }, xml('body', {}, 'x a\u0000b'))).catch(() => undefined);
    await desk.stop();
    desk = await DesktopClient.connect(mallory, 'after');
    await desk.stop();

    const archive = service.gateway.get(MessageArchive);
    await new Promise((r) => setTimeout(r, 2000));
    const archived = [
      ...(await archive.listConversation(`dm:${alice}@${DOMAIN}|${mallory}@${DOMAIN}`)),
      ...(await archive.listConversation(`dm:${bob}@${DOMAIN}|${mallory}@${DOMAIN}`)),
      ...(await archive.listConversation(`room:${room}`)),
    ];
    expect(archived.length).toBeGreaterThan(0);
    for (const message of archived) {
      expect(NOT_XML.test(message.body)).toBe(false);
      expect(message.body.length).toBeLessThanOrEqual(32_768);
      expect([`${mallory}@${DOMAIN}`, undefined]).toContain(message.author);
    }
  });

  it('afterwards the link never dropped, health is green, and chat flows both ways', async () => {
    expect(service.gateway.get(XmppComponentConnection).linkNumber).toBe(linkAtStart);
    for (const url of [service.gatewayUrl, service.apiUrl]) expect((await fetch(`${url}/health/ready`)).status).toBe(200);
    const aliceWeb = await service.web(alice);
    const bobDesk = await service.desktop(bob, 'after-fuzz');
    expect(await aliceWeb.request('send-message', { to: `${bob}@${DOMAIN}`, body: 'still here?' })).toMatchObject({ status: 'queued' });
    await eventually('bob gets it', async () => bobDesk.received.find((m) => m.getChildText('body') === 'still here?'));
    await bobDesk.chat(`${alice}@${DOMAIN}`, 'after-1', 'yes, still here');
    await eventually('alice gets the answer', async () => aliceWeb.of('message').find((m) => m.body === 'yes, still here'));
  });
});
