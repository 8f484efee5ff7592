import { io } from 'socket.io-client';
import { InboundJournal } from '@chat/journal';
import { WebSessionRegistry } from '@chat/queues';
import { ClientRequest } from '@chat/realtime';
import { registerUsers } from './support/desktop-client';
import { BAD_CREDENTIALS } from './support/forged-tokens';
import { eventually } from './support/stack';
import { accessToken } from './support/tokens';
import { WebUser } from './support/web-user';
import { WholeService } from './support/whole-service';

const DOMAIN = process.env.XMPP_DOMAIN ?? 'localhost';

describe('web users read: presence, history, catch-up, activity stream, search, and who may read what', () => {
  let service: WholeService;
  let alice: string, bob: string, carol: string, dave: string;
  let aliceJid: string, bobJid: string, carolJid: string;
  let direct: string;

  beforeAll(async () => {
    service = await WholeService.start('webreads', { PRESENCE_RECONCILE_MS: '400', WEB_PRESENCE_TTL_MS: '2000', XMPP_RECONNECT_MIN_MS: '200' });
    [alice, bob, carol, dave] = await registerUsers('alice', 'bob', 'carol', 'dave');
    [aliceJid, bobJid, carolJid] = [alice, bob, carol].map((u) => `${u}@${DOMAIN}`);
    direct = `dm:${aliceJid}|${bobJid}`;

    // A conversation worth reading: 25 messages between alice and bob, French and Korean among them.
    const aliceDesk = await service.desktop(alice, 'gajim');
    const bobDesk = await service.desktop(bob, 'psi');
    const lines = Array.from({ length: 25 }, (_, i) => `line ${i + 1}`);
    lines[3] = "Réunion à l'école demain, n'oubliez pas";
    lines[7] = '오늘 회의는 한국어로 진행합니다';
    lines[11] = 'Die Straße ist gesperrt';
    for (const [i, body] of lines.entries()) {
      const [from, to, peer] = i % 2 === 0 ? [aliceDesk, bobJid, bobDesk] : [bobDesk, aliceJid, aliceDesk];
      await from.chat(to, `h${i}`, body);
      await eventually(`delivery of ${i}`, async () => (peer.received.some((m) => m.getChildText('body') === body) ? true : undefined));
    }
    // A conversation alice is not part of, with words she might search for.
    const carolDesk = await service.desktop(carol, 'gajim');
    await carolDesk.chat(`${dave}@${DOMAIN}`, 'secret-1', 'Réunion secrète à l’école');
    const bobWeb = await service.web(bob);
    await eventually('all archived', async () => {
      const page = (await bobWeb.request(ClientRequest.History, { conversationId: direct, limit: 200 })) as { messages: unknown[] };
      return page.messages?.length === 25 ? true : undefined;
    });
  });

  afterAll(async () => {
    await service?.close();
  });

  const rest = async (path: string, user = alice, init: RequestInit = {}) => {
    const response = await fetch(`${service.apiUrl}${path}`, { ...init, headers: { authorization: `Bearer ${await accessToken(user)}`, 'content-type': 'application/json' } });
    return { status: response.status, body: (await response.json()) as Record<string, any> };
  };

  describe('presence', () => {
    it('a desktop client going away changes a web badge', async () => {
      const [erin] = await registerUsers('erin');
      const watcher = await service.web(carol);
      const reply = await watcher.request(ClientRequest.WatchPresence, { jids: [`${erin}@${DOMAIN}`] });
      expect(reply).toMatchObject({ presences: [{ show: 'offline' }] });
      const erinDesk = await service.desktop(erin, 'gajim');
      await eventually('erin available', async () => watcher.of('presence').find((p) => p.jid === `${erin}@${DOMAIN}` && p.show === 'available'));
      await erinDesk.presence({ show: 'away', status: 'lunch' });
      const away = await eventually('erin away', async () => watcher.of('presence').find((p) => p.jid === `${erin}@${DOMAIN}` && p.show === 'away'));
      expect(away).toMatchObject({ status: 'lunch', web: false });
    });

    it('a web user opening and closing the intranet changes what other web users see', async () => {
      const [fred] = await registerUsers('fred');
      const fredJid = `${fred}@${DOMAIN}`;
      const watcher = await service.web(carol);
      await watcher.request(ClientRequest.WatchPresence, { jids: [fredJid] });
      const fredWeb = await WebUser.connect(service.apiUrl, fred);
      const online = await eventually('fred online (web)', async () => watcher.of('presence').find((p) => p.jid === fredJid && p.show === 'available'));
      expect(online).toMatchObject({ web: true, resources: 1 });
      fredWeb.close();
      await eventually('fred offline', async () => watcher.of('presence').find((p) => p.jid === fredJid && p.show === 'offline'));
      const badge = await rest(`/api/v1/presence?jids=${fredJid}`, carol);
      expect(badge.body.presences[0]).toMatchObject({ jid: fredJid, show: 'offline', web: false });
    });

    it('a web session that vanishes without closing stops counting within the configured time', async () => {
      const [gus] = await registerUsers('gus');
      const gusJid = `${gus}@${DOMAIN}`;
      const watcher = await service.web(carol);
      await watcher.request(ClientRequest.WatchPresence, { jids: [gusJid] });
      // What an api instance that crashed leaves behind: a session announced, then never renewed nor closed.
      const full = WebSessionRegistry.resourceJid(gusJid as never, 'crashed1');
      await service.api.get(WebSessionRegistry).renew([full], Date.now() + 2000);
      await service.api.get(InboundJournal).append({ kind: 'web-session', user: gusJid as never, sessionId: 'crashed1', open: true, at: Date.now() });
      await eventually('gus online', async () => watcher.of('presence').find((p) => p.jid === gusJid && p.show === 'available'));
      // Within the bound: the session's TTL (2 s) plus a reconciliation period (0.4 s), with room for delivery.
      await eventually('gus offline', async () => watcher.of('presence').find((p) => p.jid === gusJid && p.show === 'offline'), 6000);
    });
  });

  describe('history and conversations', () => {
    it('pages through history both ways with cursors, over the socket and REST alike', async () => {
      const aliceWeb = await service.web(alice);
      const latest = (await aliceWeb.request(ClientRequest.History, { conversationId: direct, limit: 10 })) as any;
      expect(latest.messages.map((m: any) => m.body)).toEqual(Array.from({ length: 10 }, (_, i) => `line ${i + 16}`));
      expect(latest.after).toBeUndefined();
      const older = (await rest(`/api/v1/conversations/${encodeURIComponent(direct)}/messages?limit=10&before=${latest.before}`)).body;
      expect(older.messages.map((m: any) => m.body)).toEqual(
        Array.from({ length: 10 }, (_, i) => `line ${i + 6}`).map((b, i) => (i === 6 ? 'Die Straße ist gesperrt' : i === 2 ? '오늘 회의는 한국어로 진행합니다' : b)),
      );
      const oldest = (await aliceWeb.request(ClientRequest.History, { conversationId: direct, limit: 10, before: older.before })) as any;
      expect(oldest.messages).toHaveLength(5);
      expect(oldest.before).toBeUndefined();
      const forward = (await aliceWeb.request(ClientRequest.History, { conversationId: direct, limit: 10, after: oldest.messages[4].position })) as any;
      expect(forward.messages.map((m: any) => m.position)).toEqual(older.messages.map((m: any) => m.position));
      expect(forward.after).toBe(older.messages[9].position);
    });

    it('lists conversations with unread counts and the last message', async () => {
      const list = (await rest('/api/v1/conversations', alice)).body;
      const mine = list.conversations.find((c: any) => c.id === direct);
      expect(mine).toMatchObject({ kind: 'direct', with: bobJid, unread: 12, lastMessage: { from: aliceJid, excerpt: 'line 25' } });
      expect(list.conversations.some((c: any) => c.id.includes(dave))).toBe(false);
    });

    it('catches up after a reconnect from the last activity id seen', async () => {
      const aliceWeb = await service.web(alice);
      const page = (await aliceWeb.request(ClientRequest.History, { conversationId: direct, limit: 5 })) as any;
      const seen = page.messages[0];
      const missed = (await aliceWeb.request(ClientRequest.CatchUp, { since: seen.id })) as any;
      expect(missed.activities.map((a: any) => a.object.content)).toEqual(['line 22', 'line 23', 'line 24', 'line 25']);
      expect(missed.activities[0]).toMatchObject({ type: 'Create', target: { id: direct } });
      expect(await aliceWeb.request(ClientRequest.CatchUp, { since: 'msg_AAAAAAAAAAAAAAAAAAAAAA' })).toMatchObject({ error: 'not-found' });
    });

    it("serves the user's activity stream as an ActivityStreams 2.0 OrderedCollection with pages", async () => {
      const collection = (await rest('/api/v1/activities')).body;
      expect(collection).toMatchObject({ '@context': 'https://www.w3.org/ns/activitystreams', type: 'OrderedCollection', first: '/api/v1/activities/page' });
      const first = (await rest('/api/v1/activities/page?limit=10')).body;
      expect(first).toMatchObject({ type: 'OrderedCollectionPage', partOf: '/api/v1/activities' });
      expect(first.orderedItems.map((a: any) => a.object.content)).toEqual(Array.from({ length: 10 }, (_, i) => `line ${25 - i}`));
      const second = (await rest(first.next)).body;
      expect(second.orderedItems[0].object.content).toBe('line 15');
      expect(second.prev).toBeDefined();
    });
  });

  describe('search', () => {
    const hits = async (user: string, q: string, extra = '') =>
      (await rest(`/api/v1/search?q=${encodeURIComponent(q)}${extra}`, user)).body.hits?.map((h: any) => h.message.body) ?? [];

    it('finds French text with or without accents, and in any case', async () => {
      const expected = ["Réunion à l'école demain, n'oubliez pas"];
      expect(await hits(alice, 'reunion ecole')).toEqual(expected);
      expect(await hits(alice, 'RÉUNION')).toEqual(expected);
      expect(await hits(alice, 'demain reu')).toEqual(expected);
      expect(await hits(alice, 'strasse')).toEqual(['Die Straße ist gesperrt']);
      const { body } = await rest(`/api/v1/search?q=ecole`, alice);
      const [hit] = body.hits;
      const [start, end] = hit.snippet.highlights[0];
      expect(hit.snippet.text.slice(start, end)).toBe('école');
    });

    it('finds Korean text by a two-syllable fragment', async () => {
      expect(await hits(bob, '회의')).toEqual(['오늘 회의는 한국어로 진행합니다']);
      expect(await hits(bob, '국어')).toEqual(['오늘 회의는 한국어로 진행합니다']);
    });

    it('finds nothing from conversations the searcher is not in', async () => {
      expect(await hits(dave, 'reunion')).toEqual(['Réunion secrète à l’école']);
      expect(await hits(alice, 'secrete')).toEqual([]);
      expect((await rest(`/api/v1/search?q=reunion&conversationId=${encodeURIComponent(`dm:${carolJid}|${dave}@${DOMAIN}`)}`, alice)).status).toBe(403);
    });

    it('filters by author and date, newest first, and pages', async () => {
      expect(await hits(alice, 'line', `&author=${bobJid}&limit=3`)).toEqual(['line 24', 'line 22', 'line 20']);
      expect(await hits(alice, 'line', `&since=${encodeURIComponent(new Date(Date.now() + 60_000).toISOString())}`)).toEqual([]);
      const first = (await rest('/api/v1/search?q=line&limit=5', alice)).body;
      const next = (await rest(`/api/v1/search?q=line&limit=5&before=${first.before}`, alice)).body;
      expect(next.hits[0].message.body).toBe('line 20');
    });

    it('keeps operators and patterns away from the database', async () => {
      for (const query of ['q[$gt]=', 'q=a&author[$ne]=x', 'q=.*&conversationId[$regex]=.*', `q=${'x'.repeat(300)}`, 'q=']) {
        const { status, body } = await rest(`/api/v1/search?${query}`, alice);
        expect([status, body.error]).toEqual([400, 'bad-request']);
      }
      expect(await hits(alice, '.*')).toEqual([]);
    });
  });

  describe('who may read and write what', () => {
    const routes: Array<[method: string, path: () => string, body?: unknown]> = [
      ['GET', () => '/api/v1/conversations'],
      ['GET', () => `/api/v1/conversations/${encodeURIComponent(direct)}/messages`],
      ['POST', () => '/api/v1/messages', { to: 'bob@localhost', body: 'hi' }],
      ['PATCH', () => '/api/v1/messages/msg_AAAAAAAAAAAAAAAAAAAAAA', { body: 'x' }],
      ['DELETE', () => '/api/v1/messages/msg_AAAAAAAAAAAAAAAAAAAAAA'],
      ['POST', () => `/api/v1/conversations/${encodeURIComponent(direct)}/read`, { messageId: 'msg_AAAAAAAAAAAAAAAAAAAAAA' }],
      ['POST', () => `/api/v1/conversations/${encodeURIComponent(direct)}/chat-state`, { state: 'composing' }],
      ['GET', () => '/api/v1/activities'],
      ['GET', () => '/api/v1/activities/page'],
      ['GET', () => '/api/v1/catch-up?since=msg_AAAAAAAAAAAAAAAAAAAAAA'],
      ['GET', () => '/api/v1/search?q=reunion'],
      ['GET', () => '/api/v1/presence?jids=alice@localhost'],
    ];

    it.each(BAD_CREDENTIALS)('refuses every REST route with %s (401)', async (_what, token) => {
      const credential = await token();
      for (const [method, path, body] of routes) {
        const response = await fetch(`${service.apiUrl}${path()}`, {
          method,
          headers: { 'content-type': 'application/json', ...(credential ? { authorization: `Bearer ${credential}` } : {}) },
          body: body ? JSON.stringify(body) : undefined,
        });
        expect([method, path(), response.status]).toEqual([method, path(), 401]);
      }
    });

    it.each(BAD_CREDENTIALS)('refuses the socket with %s', async (_what, token) => {
      const credential = await token();
      const socket = io(service.apiUrl, { auth: credential ? { token: credential } : {}, transports: ['websocket'], reconnection: false, forceNew: true });
      const error = await new Promise<Error>((resolve, reject) => {
        socket.once('connect', () => reject(new Error('connection was accepted')));
        socket.once('connect_error', resolve);
      });
      socket.close();
      expect(error.message).toMatch(/^unauthorized/);
    });

    it('refuses a user outside the conversation on every route and socket request about it', async () => {
      const { body: page } = await rest(`/api/v1/conversations/${encodeURIComponent(direct)}/messages?limit=1`, bob);
      const messageId = page.messages[0].id as string;
      const outsider = dave;
      const attempts: Array<[string, string, unknown?]> = [
        ['GET', `/api/v1/conversations/${encodeURIComponent(direct)}/messages`],
        ['PATCH', `/api/v1/messages/${messageId}`, { body: 'mine now' }],
        ['DELETE', `/api/v1/messages/${messageId}`],
        ['POST', `/api/v1/conversations/${encodeURIComponent(direct)}/read`, { messageId }],
        ['POST', `/api/v1/conversations/${encodeURIComponent(direct)}/chat-state`, { state: 'composing' }],
        ['GET', `/api/v1/search?q=line&conversationId=${encodeURIComponent(direct)}`],
      ];
      for (const [method, path, body] of attempts) {
        const { status } = await rest(path, outsider, { method, body: body ? JSON.stringify(body) : undefined });
        expect([method, path, status]).toEqual([method, path, 403]);
      }
      const daveWeb = await service.web(outsider);
      const requests: Array<[string, unknown]> = [
        [ClientRequest.History, { conversationId: direct }],
        [ClientRequest.CorrectMessage, { messageId, body: 'mine now' }],
        [ClientRequest.RetractMessage, { messageId }],
        [ClientRequest.MarkRead, { conversationId: direct, messageId }],
        [ClientRequest.ChatState, { conversationId: direct, state: 'composing' }],
        [ClientRequest.Search, { q: 'line', conversationId: direct }],
      ];
      for (const [event, body] of requests) expect([event, await daveWeb.request(event, body)]).toEqual([event, expect.objectContaining({ error: 'forbidden' })]);
      // What is not addressed to a conversation answers only with the outsider's own data.
      expect(((await daveWeb.request(ClientRequest.Search, { q: 'line' })) as any).hits).toEqual([]);
      const stream = (await rest('/api/v1/activities/page', outsider)).body;
      expect(stream.orderedItems.every((a: any) => a.target.id !== direct)).toBe(true);
    });
  });
});
