import type { INestApplication } from '@nestjs/common';
import { ClientRequest } from '@chat/realtime';
import { isolatedStores, startApp } from './support/apps';
import { registerUsers } from './support/desktop-client';
import { accessToken } from './support/tokens';
import { WebUser } from './support/web-user';

/** Every character XML 1.0 cannot carry, by class: NUL, the C0 controls but tab/LF/CR, the two non-characters, lone surrogates. */
const NOT_XML = [0x0, 0x1, 0x2, 0x3, 0x4, 0x5, 0x6, 0x7, 0x8, 0xb, 0xc, ...Array.from({ length: 18 }, (_, i) => 0xe + i), 0xfffe, 0xffff, 0xd800, 0xdbff, 0xdc00, 0xdfff];
const code = (c: number) => `U+${c.toString(16).toUpperCase().padStart(4, '0')}`;

describe('hostile input at the edge: XML characters, strict types, unknown requests', () => {
  let api: INestApplication;
  let url: string;
  let alice: WebUser;
  let bob: string;
  let rest: (method: string, path: string, body?: unknown) => Promise<{ status: number; body: Record<string, unknown> }>;

  beforeAll(async () => {
    ({ app: api, url } = await startApp('api', isolatedStores('hostile')));
    const [aliceName, bobName] = await registerUsers('hostile_alice', 'hostile_bob');
    bob = `${bobName}@localhost`;
    alice = await WebUser.connect(url, aliceName);
    const token = await accessToken(aliceName);
    rest = async (method, path, body) => {
      const response = await fetch(`${url}${path}`, {
        method,
        headers: { authorization: `Bearer ${token}`, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
        body: body === undefined ? undefined : JSON.stringify(body),
      });
      return { status: response.status, body: (await response.json()) as Record<string, unknown> };
    };
  });

  afterAll(async () => {
    alice?.close();
    await api?.close();
  });

  describe('text that becomes XML', () => {
    it('refuses the reported reproduction on the socket: a NUL in a body is a bad request, not queued', async () => {
      const answer = await alice.request(ClientRequest.SendMessage, { to: bob, body: 'x a\u0000b', clientMessageId: 'k1' });
      expect(answer).toEqual({ error: 'bad-request', message: 'body: U+0000 at position 3 is not a character XML 1.0 can carry' });
    });

    it('refuses the same over REST with 400 and the same answer', async () => {
      const answer = await rest('POST', '/api/v1/messages', { to: bob, body: 'x a\u0000b', clientMessageId: 'k1' });
      expect(answer).toEqual({ status: 400, body: { error: 'bad-request', message: 'body: U+0000 at position 3 is not a character XML 1.0 can carry' } });
    });

    it.each(NOT_XML.map((c) => [code(c), c]))('refuses %s in a body on both transports, never quoting the text', async (name, c) => {
      const body = `private words ${String.fromCharCode(c)} more`;
      const expected = { error: 'bad-request', message: `body: ${name} at position 14 is not a character XML 1.0 can carry` };
      expect(await alice.request(ClientRequest.SendMessage, { to: bob, body })).toEqual(expected);
      expect(await rest('POST', '/api/v1/messages', { to: bob, body })).toEqual({ status: 400, body: expected });
    });

    it('refuses them in recipients, rooms, corrections, search filters and conversation ids', async () => {
      const message = `msg_${'a'.repeat(22)}`;
      const cases: Array<[string, unknown, RegExp]> = [
        [ClientRequest.SendMessage, { to: `${bob}\u0001`, body: 'hi' }, /^to: U\+0001 at position \d+ is not a character XML 1\.0 can carry$/],
        [ClientRequest.JoinRoom, { room: 'team\uFFFF@conference.localhost' }, /^room: U\+FFFF/],
        [ClientRequest.CorrectMessage, { messageId: message, body: 'fixed\u001B' }, /^body: U\+001B/],
        [ClientRequest.Search, { q: 'hi', author: 'al\uD800ice@localhost' }, /^author: U\+D800/],
        [ClientRequest.Search, { q: 'hi', room: 'r\u000C@conference.localhost' }, /^room: U\+000C/],
        [ClientRequest.ChatState, { conversationId: 'room:t\u0000@conference.localhost', state: 'composing' }, /^conversationId: U\+0000/],
      ];
      for (const [request, body, message] of cases) {
        expect(await alice.request(request, body)).toEqual({ error: 'bad-request', message: expect.stringMatching(message) });
      }
      expect((await rest('PATCH', `/api/v1/messages/${message}`, { body: 'fixed\u001B' })).body).toEqual({
        error: 'bad-request',
        message: expect.stringMatching(/^body: U\+001B/),
      });
      expect((await rest('POST', `/api/v1/rooms/${encodeURIComponent('team\u0008@conference.localhost')}/join`)).body).toMatchObject({
        error: 'bad-request',
        message: expect.stringMatching(/^room: U\+0008/),
      });
    });

    it('still takes what XML can carry: tabs, line breaks, emoji, characters up to U+FFFD', async () => {
      const answer = await alice.request(ClientRequest.SendMessage, { to: bob, body: 'a\tb\r\nc 😀 \uFFFD \uE000', clientMessageId: 'xml-ok' });
      expect(answer).toMatchObject({ status: 'queued' });
    });
  });

  describe('numbers are numbers', () => {
    it.each([[[1]], [{ $gt: 0 }], [true], ['1e2'], [' 5'], [2.5], [0]])('refuses list-conversations with limit %j', async (limit) => {
      expect(await alice.request(ClientRequest.ListConversations, { limit })).toEqual({ error: 'bad-request', message: 'limit: must be a whole number from 1 to 200' });
    });

    it('refuses a repeated or non-decimal limit in a query string, takes a decimal one', async () => {
      expect(await rest('GET', '/api/v1/conversations?limit=1&limit=2')).toEqual({
        status: 400,
        body: { error: 'bad-request', message: 'limit: must be a whole number from 1 to 200' },
      });
      expect((await rest('GET', '/api/v1/search?q=hi&limit=0x10')).status).toBe(400);
      expect((await rest('GET', '/api/v1/activities/page?limit=true')).status).toBe(400);
      expect((await rest('GET', '/api/v1/conversations?limit=5')).status).toBe(200);
      expect(await alice.request(ClientRequest.ListConversations, { limit: 5 })).toMatchObject({ conversations: [] });
    });

    it('refuses arrays and objects where strings are expected', async () => {
      expect(await alice.request(ClientRequest.SendMessage, { to: [bob], body: 'hi' })).toMatchObject({ error: 'bad-request', message: expect.stringMatching(/^to:/) });
      expect(await alice.request(ClientRequest.Search, { q: { $gt: '' } })).toMatchObject({ error: 'bad-request', message: expect.stringMatching(/^q:/) });
      expect((await rest('GET', '/api/v1/search?q=a&q=b')).body).toMatchObject({ error: 'bad-request', message: expect.stringMatching(/^q:/) });
    });
  });

  describe('unknown socket requests', () => {
    it('answers a request no handler knows with bad-request naming it', async () => {
      expect(await alice.request('delete-everything', { all: true })).toEqual({ error: 'bad-request', message: 'unknown request "delete-everything"' });
      expect(await alice.request('x'.repeat(500))).toEqual({ error: 'bad-request', message: `unknown request "${'x'.repeat(64)}"` });
    });

    it('keeps answering the known ones on the same socket', async () => {
      expect(await alice.request(ClientRequest.Ping)).toMatchObject({ pong: true });
    });
  });
});
