import type { INestApplication } from '@nestjs/common';
import { io } from 'socket.io-client';
import { ClientRequest } from '@chat/realtime';
import { ConversationReader } from '../apps/api/src/conversations/conversation-reader.service';
import { isolatedStores, startApp } from './support/apps';
import { accessToken } from './support/tokens';
import { WebUser } from './support/web-user';

const ALLOWED_ORIGIN = 'https://intranet.example.com';
const KINDS = ['bad-request', 'unauthorized', 'forbidden', 'not-found', 'too-large', 'rate-limited', 'unavailable', 'internal'];

/** A refusal in the one shape the README promises: `error` a known kind, `message` a sentence, nothing of the framework's. */
function expectErrorAnswer(body: Record<string, unknown>, kind: string): void {
  expect(KINDS).toContain(body.error);
  expect(body).toMatchObject({ error: kind, message: expect.any(String) });
  expect(body).not.toHaveProperty('statusCode');
  expect(body).not.toHaveProperty('stack');
}

describe('honest answers: one error shape, Retry-After, no banner, the socket origin checked', () => {
  let api: INestApplication;
  let url: string;
  const saved = { CORS_ORIGINS: process.env.CORS_ORIGINS };
  const people: WebUser[] = [];

  beforeAll(async () => {
    ({ app: api, url } = await startApp('api', { ...isolatedStores('answers'), SEND_RATE_PER_MINUTE: '2', CORS_ORIGINS: ALLOWED_ORIGIN }));
  });

  afterAll(async () => {
    people.forEach((p) => p.close());
    await api?.close();
    // The environment outlives this suite in the test process.
    delete process.env.SEND_RATE_PER_MINUTE;
    if (saved.CORS_ORIGINS === undefined) delete process.env.CORS_ORIGINS;
    else process.env.CORS_ORIGINS = saved.CORS_ORIGINS;
  });

  const auth = async (user = 'carol') => ({ authorization: `Bearer ${await accessToken(user)}` });
  const json = async (response: Response) => (await response.json()) as Record<string, unknown>;

  describe('REST errors are { error, message }', () => {
    it('401 from the bearer guard, with the reason beside the message', async () => {
      const response = await fetch(`${url}/api/v1/conversations`);
      expect(response.status).toBe(401);
      const body = await json(response);
      expectErrorAnswer(body, 'unauthorized');
      expect(body.reason).toBe('missing');
    });

    it('413 from the body parser', async () => {
      const response = await fetch(`${url}/api/v1/messages`, {
        method: 'POST',
        headers: { ...(await auth()), 'content-type': 'application/json' },
        body: JSON.stringify({ to: 'bob@localhost', body: 'x'.repeat(300_000) }),
      });
      expect(response.status).toBe(413);
      expectErrorAnswer(await json(response), 'too-large');
    });

    it('400 for malformed JSON, without quoting the body', async () => {
      const response = await fetch(`${url}/api/v1/messages`, {
        method: 'POST',
        headers: { ...(await auth()), 'content-type': 'application/json' },
        body: '{"to": "bob@localhost", "body": my secret words',
      });
      expect(response.status).toBe(400);
      const body = await json(response);
      expectErrorAnswer(body, 'bad-request');
      expect(JSON.stringify(body)).not.toContain('secret');
    });

    it('404 for a route that does not exist, with or without a token', async () => {
      for (const headers of [{}, await auth()]) {
        const response = await fetch(`${url}/api/v1/nothing-here`, { headers });
        expect(response.status).toBe(404);
        expectErrorAnswer(await json(response), 'not-found');
      }
    });

    it('500 internal for anything unexpected, without the error', async () => {
      const reader = api.get(ConversationReader);
      // A fault nobody anticipated, standing in for a broken dependency.
      reader.list = async () => {
        throw new Error('secret database detail');
      };
      try {
        const response = await fetch(`${url}/api/v1/conversations`, { headers: await auth() });
        expect(response.status).toBe(500);
        expect(await json(response)).toEqual({ error: 'internal', message: 'the request could not be served' });
      } finally {
        delete (reader as Partial<ConversationReader>).list;
      }
      expect((await fetch(`${url}/api/v1/conversations`, { headers: await auth() })).status).toBe(200);
    });
  });

  describe('rate limits say when to come back', () => {
    /** Asks until refused: two a minute are allowed, so within a few attempts one window holds a third. */
    async function untilRefused<T>(attempt: () => Promise<T>, refused: (answer: T) => boolean): Promise<T> {
      for (let i = 0; i < 6; i++) {
        const answer = await attempt();
        if (refused(answer)) return answer;
      }
      throw new Error('never refused');
    }

    it('429 carries Retry-After in seconds and the same retryAfter in the body', async () => {
      const user = `dave_${Date.now()}`;
      const conversationId = `dm:${[`${user}@localhost`, 'erin@localhost'].sort().join('|')}`;
      const headers = { ...(await auth(user)), 'content-type': 'application/json' };
      const typing = () =>
        fetch(`${url}/api/v1/conversations/${encodeURIComponent(conversationId)}/chat-state`, { method: 'POST', headers, body: JSON.stringify({ state: 'composing' }) });
      const refused = await untilRefused(typing, (response) => response.status === 429);
      const retryAfter = Number(refused.headers.get('retry-after'));
      expect(Number.isInteger(retryAfter) && retryAfter >= 1 && retryAfter <= 60).toBe(true);
      const body = await json(refused);
      expectErrorAnswer(body, 'rate-limited');
      expect(body.retryAfter).toBe(retryAfter);
    });

    it('a socket refusal carries retryAfter, a whole number of seconds', async () => {
      const gina = await WebUser.connect(url, `gina_${Date.now()}`);
      people.push(gina);
      const conversationId = `dm:${[gina.jid, 'erin@localhost'].sort().join('|')}`;
      const answer = await untilRefused(
        () => gina.request(ClientRequest.ChatState, { conversationId, state: 'composing' }),
        (a) => a.error !== undefined,
      );
      expect(answer).toEqual({ error: 'rate-limited', message: expect.stringMatching(/more than 2 send requests a minute/), retryAfter: expect.any(Number) });
      expect(Number.isInteger(answer.retryAfter) && (answer.retryAfter as number) >= 1 && (answer.retryAfter as number) <= 60).toBe(true);
    });
  });

  describe('no framework banner', () => {
    it('sends no X-Powered-By on successes, refusals, documents or probes', async () => {
      const answers = await Promise.all([
        fetch(`${url}/api/v1/conversations`, { headers: await auth() }),
        fetch(`${url}/api/v1/conversations`),
        fetch(`${url}/nowhere`),
        fetch(`${url}/api/openapi.json`),
        fetch(`${url}/health/live`),
      ]);
      for (const response of answers) expect(response.headers.get('x-powered-by')).toBeNull();
    });
  });

  describe('the socket handshake checks Origin against CORS_ORIGINS', () => {
    const open = async (transport: 'websocket' | 'polling', origin?: string) => {
      const socket = io(url, {
        auth: { token: await accessToken('frank') },
        transports: [transport],
        reconnection: false,
        forceNew: true,
        extraHeaders: origin ? { origin } : {},
      });
      try {
        return await new Promise<'connected' | 'refused'>((resolve) => {
          socket.once('connect', () => resolve('connected'));
          socket.once('connect_error', () => resolve('refused'));
        });
      } finally {
        socket.disconnect();
      }
    };

    it.each(['websocket', 'polling'] as const)('refuses a foreign origin over %s', async (transport) => {
      expect(await open(transport, 'https://evil.example.net')).toBe('refused');
      expect(await open(transport, 'null')).toBe('refused');
    });

    it.each(['websocket', 'polling'] as const)('accepts the allowed origin over %s', async (transport) => {
      expect(await open(transport, ALLOWED_ORIGIN)).toBe('connected');
    });

    it("accepts the service's own origin (the pages it serves itself, such as the demo)", async () => {
      expect(await open('websocket', url)).toBe('connected');
    });

    it('accepts a program that sends no Origin (browsers always do)', async () => {
      expect(await open('websocket')).toBe('connected');
    });

    it('answers the polling handshake of a foreign origin with 403', async () => {
      const response = await fetch(`${url}/socket.io/?EIO=4&transport=polling`, { headers: { origin: 'https://evil.example.net' } });
      expect(response.status).toBe(403);
      expect(await fetch(`${url}/socket.io/?EIO=4&transport=polling`, { headers: { origin: ALLOWED_ORIGIN } }).then((r) => r.status)).toBe(200);
    });
  });
});
