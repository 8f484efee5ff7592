import { registerUsers } from './support/desktop-client';
import { type DocumentedOperation, type LiveAnswer, OpenApiContract } from './support/openapi-contract';
import { stack } from './support/stack';
import { accessToken } from './support/tokens';
import { WholeService } from './support/whole-service';

const DOMAIN = process.env.XMPP_DOMAIN ?? 'localhost';
const MUC = process.env.XMPP_MUC_DOMAIN ?? `conference.${DOMAIN}`;

/** One call of an operation: what to send, and the status it must get (which must also be documented). */
interface Call {
  name: string;
  params?: Record<string, string>;
  query?: Record<string, string | string[]>;
  body?: unknown;
  rawBody?: string;
  /** Default: the signed-in user's token. */
  token?: string | null;
  expect: number;
}

/**
 * The OpenAPI document against the live api: every operation is called with valid input (which must succeed
 * with the documented success status), with invalid input of every kind the document implies (wrong types,
 * repeated query parameters, ids off their patterns, malformed or oversized bodies, no token) and with
 * semantically wrong input (someone else's conversation, unknown ids); every answer's status must be documented
 * for that operation and its body must validate against the documented schema.
 */
describe('the OpenAPI document is what the api answers', () => {
  let service: WholeService;
  let contract: OpenApiContract;
  let token: string;
  let state: { me: string; peer: string; direct: string; room: string; message: string; retractable: string; activity: string };
  const answered = new Map<string, number[]>();
  const problems: string[] = [];

  beforeAll(async () => {
    service = await WholeService.start('contract', { DEMO_TOKEN_ISSUER: 'enabled' });
    contract = await OpenApiContract.load(service.apiUrl);
    const [me, peer] = await registerUsers('contract_me', 'contract_peer');
    token = await accessToken(me);
    const room = `contract_${Date.now().toString(36)}`;
    await stack('ctl', 'create_room', room, MUC, DOMAIN);
    await stack('ctl', 'change_room_option', room, MUC, 'allow_subscription', 'true');
    // Two archived messages of mine, said from a desktop client (the mirror archives them): one to correct, one to
    // retract. The web's own sends are called below; whether the gateway delivers them is other suites' business.
    const desktop = await service.desktop(me, 'desk');
    await service.desktop(peer, 'desk');
    const direct = `dm:${[`${me}@${DOMAIN}`, `${peer}@${DOMAIN}`].sort().join('|')}`;
    const history = async () => ((await send('GET', `/api/v1/conversations/${encodeURIComponent(direct)}/messages`)).body as { messages?: Array<{ id: string }> }).messages ?? [];
    // ejabberd spreads service-log copies over every gateway connected for the component domain: when another
    // suite's gateway is up on the same stack, some copies go there. Say more until two reached ours.
    let messages: Array<{ id: string }> = [];
    for (let i = 0; i < 12 && messages.length < 2; i++) {
      const before = messages.length;
      await desktop.chat(`${peer}@${DOMAIN}`, `contract-${i}`, `contract hello ${i}`);
      const deadline = Date.now() + 10_000;
      do {
        await new Promise((r) => setTimeout(r, 250));
        messages = await history();
      } while (messages.length === before && Date.now() < deadline);
    }
    expect(messages.length).toBeGreaterThanOrEqual(2);
    const page = (await send('GET', '/api/v1/activities/page')).body as { orderedItems: Array<{ id: string }> };
    state = { me, peer, direct, room: `${room}@${MUC}`, message: messages[0].id, retractable: messages[1].id, activity: page.orderedItems[page.orderedItems.length - 1].id };
  });

  afterAll(async () => {
    await service?.close();
    // The environment outlives this suite in the test process; later suites must not inherit the issuer.
    process.env.DEMO_TOKEN_ISSUER = 'disabled';
  });

  async function send(method: string, path: string, options: { query?: Call['query']; body?: unknown; rawBody?: string; token?: string | null } = {}): Promise<LiveAnswer> {
    const query = new URLSearchParams();
    for (const [name, value] of Object.entries(options.query ?? {})) for (const v of [value].flat()) query.append(name, v);
    const bearer = options.token === undefined ? token : options.token;
    const payload = options.rawBody ?? (options.body === undefined ? undefined : JSON.stringify(options.body));
    const response = await fetch(`${service.apiUrl}${path}${query.size ? `?${query}` : ''}`, {
      method,
      headers: { ...(bearer ? { authorization: `Bearer ${bearer}` } : {}), ...(payload === undefined ? {} : { 'content-type': 'application/json' }) },
      body: payload,
    });
    const text = await response.text();
    let body: unknown = text;
    try {
      body = JSON.parse(text);
    } catch {
      // Kept as text: a non-JSON answer fails its schema.
    }
    return { status: response.status, headers: response.headers, body };
  }

  /** Calls an operation as documented and checks the answer against the document. */
  async function check(operation: DocumentedOperation, call: Call): Promise<void> {
    const path = operation.path.replace(/\{(\w+)\}/g, (_, name: string) => encodeURIComponent(call.params?.[name] ?? `{${name}}`));
    const answer = await send(operation.method, path, call);
    answered.set(operation.key, [...(answered.get(operation.key) ?? []), answer.status]);
    problems.push(...contract.violations(operation.key, answer).map((p) => `${p} (${call.name})`));
    if (answer.status !== call.expect)
      problems.push(`${operation.key} (${call.name}) answered ${answer.status}, expected ${call.expect}: ${JSON.stringify(answer.body).slice(0, 300)}`);
  }

  /** Valid and semantically wrong calls, written out per operation; `generated` adds the malformed ones. */
  function writtenCalls(): Record<string, Call[]> {
    const { me, peer, direct, room, message, retractable, activity } = state;
    const stranger = `dm:${[`nobody_a@${DOMAIN}`, `nobody_b@${DOMAIN}`].sort().join('|')}`;
    const unknownMessage = `msg_${'Z'.repeat(22)}`;
    return {
      'GET /health/live': [{ name: 'probe', token: null, expect: 200 }],
      'GET /health/ready': [{ name: 'probe', token: null, expect: 200 }],
      'GET /api/v1/presence': [
        { name: 'badges', query: { jids: `${peer}@${DOMAIN},${me}@${DOMAIN}` }, expect: 200 },
        { name: 'not a JID', query: { jids: 'not a jid' }, expect: 400 },
      ],
      'GET /api/v1/conversations': [
        { name: 'list', expect: 200 },
        { name: 'one per page', query: { limit: '1' }, expect: 200 },
      ],
      'GET /api/v1/conversations/{conversationId}/messages': [
        { name: 'history', params: { conversationId: direct }, expect: 200 },
        { name: 'both cursors', params: { conversationId: direct }, query: { before: '000000000000001-000000', after: '000000000000001-000000' }, expect: 400 },
        { name: "someone else's", params: { conversationId: stranger }, expect: 403 },
      ],
      'POST /api/v1/rooms/{room}/join': [
        { name: 'open room', params: { room }, expect: 200 },
        { name: 'no such room', params: { room: `nowhere_${Date.now()}@${MUC}` }, expect: 404 },
        { name: 'not a room', params: { room: `${peer}@${DOMAIN}` }, expect: 400 },
      ],
      'POST /api/v1/messages': [
        { name: 'send', body: { to: `${peer}@${DOMAIN}`, body: 'contract again', clientMessageId: 'c3' }, expect: 202 },
        { name: 'no such user', body: { to: `nobody_${Date.now()}@${DOMAIN}`, body: 'hi' }, expect: 404 },
        { name: 'room not joined', body: { to: `elsewhere_${Date.now()}@${MUC}`, body: 'hi' }, expect: 403 },
        { name: 'body over MAX_BODY_LENGTH', body: { to: `${peer}@${DOMAIN}`, body: 'x'.repeat(40_000) }, expect: 413 },
        { name: 'NUL in the body', body: { to: `${peer}@${DOMAIN}`, body: 'x a\u0000b' }, expect: 400 },
      ],
      'PATCH /api/v1/messages/{messageId}': [
        { name: 'correct mine', params: { messageId: message }, body: { body: 'contract hello, corrected' }, expect: 202 },
        { name: 'no such message', params: { messageId: unknownMessage }, body: { body: 'x' }, expect: 404 },
      ],
      'DELETE /api/v1/messages/{messageId}': [
        { name: 'retract mine', params: { messageId: retractable }, expect: 202 },
        { name: 'no such message', params: { messageId: unknownMessage }, expect: 404 },
      ],
      'POST /api/v1/conversations/{conversationId}/read': [
        { name: 'read up to', params: { conversationId: direct }, body: { messageId: message }, expect: 202 },
        { name: 'no such message', params: { conversationId: direct }, body: { messageId: unknownMessage }, expect: 404 },
        { name: 'a message of another conversation', params: { conversationId: stranger }, body: { messageId: message }, expect: 400 },
      ],
      'POST /api/v1/conversations/{conversationId}/chat-state': [
        { name: 'typing', params: { conversationId: direct }, body: { state: 'composing' }, expect: 202 },
        { name: 'unknown state', params: { conversationId: direct }, body: { state: 'dancing' }, expect: 400 },
        { name: "someone else's", params: { conversationId: stranger }, body: { state: 'composing' }, expect: 403 },
      ],
      'GET /api/v1/activities': [{ name: 'collection', expect: 200 }],
      'GET /api/v1/activities/page': [
        { name: 'newest', expect: 200 },
        { name: 'older', query: { before: '999999999999999-000000', limit: '2' }, expect: 200 },
      ],
      'GET /api/v1/catch-up': [
        { name: 'since my message', query: { since: activity }, expect: 200 },
        { name: 'unknown event', query: { since: unknownMessage }, expect: 404 },
        { name: 'no since', expect: 400 },
      ],
      'GET /api/v1/search': [
        { name: 'everything', query: { q: 'contract' }, expect: 200 },
        { name: 'one conversation', query: { q: 'contract', conversationId: direct, limit: '5' }, expect: 200 },
        { name: "someone else's", query: { q: 'contract', conversationId: stranger }, expect: 403 },
        { name: 'no q', expect: 400 },
      ],
      'POST /api/v1/demo/token': [
        { name: 'sign in', token: null, body: { user: me, password: 'pw' }, expect: 200 },
        { name: 'wrong password', token: null, body: { user: me, password: 'wrong' }, expect: 403 },
      ],
    };
  }

  /** Malformed calls the document itself implies: each must be refused with a documented refusal. */
  function generated(operation: DocumentedOperation, valid: Call): Call[] {
    const calls: Call[] = [];
    if (operation.secured) {
      calls.push({ ...valid, name: 'no token', token: null, expect: 401 });
      calls.push({ ...valid, name: 'forged token', token: `${token.slice(0, -4)}AAAA`, expect: 401 });
    }
    for (const parameter of operation.parameters) {
      if (parameter.in === 'query') {
        calls.push({ ...valid, name: `${parameter.name} repeated`, query: { ...valid.query, [parameter.name]: ['1', '2'] }, expect: 400 });
        if (parameter.schema.type === 'integer') calls.push({ ...valid, name: `${parameter.name} not a number`, query: { ...valid.query, [parameter.name]: 'many' }, expect: 400 });
      } else if (parameter.schema.pattern || parameter.schema.minLength) {
        calls.push({ ...valid, name: `${parameter.name} off its pattern`, params: { ...valid.params, [parameter.name]: 'x' }, expect: 400 });
      }
    }
    if (operation.bodySchema) {
      calls.push({ ...valid, name: 'malformed JSON', body: undefined, rawBody: '{"oops": ', expect: 400 });
      calls.push({ ...valid, name: 'body over the parser limit', body: { padding: 'x'.repeat(200_000) }, expect: 413 });
      calls.push({ ...valid, name: 'a JSON array', body: [valid.body], expect: 400 });
      for (const property of Object.keys((operation.bodySchema.properties as object | undefined) ?? {})) {
        for (const wrong of [[1], { $gt: '' }, true]) {
          calls.push({ ...valid, name: `${property} as ${JSON.stringify(wrong)}`, body: { ...(valid.body as object), [property]: wrong }, expect: 400 });
        }
      }
    }
    return calls;
  }

  it('has calls written for every documented operation, and documents every operation called', () => {
    const documented = contract
      .operations()
      .map((o) => o.key)
      .sort();
    expect(Object.keys(writtenCalls()).sort()).toEqual(documented);
  });

  it('documents refusals, parameters and answers for every api operation', () => {
    for (const operation of contract.operations().filter((o) => o.path.startsWith('/api/'))) {
      const statuses = Object.keys(operation.responses);
      expect([operation.key, statuses.filter((s) => s.startsWith('2')).length]).toEqual([operation.key, 1]);
      expect([operation.key, statuses.includes('400') || operation.key === 'GET /api/v1/activities']).toEqual([operation.key, true]);
      if (operation.secured) expect([operation.key, statuses.includes('401')]).toEqual([operation.key, true]);
      for (const match of operation.path.matchAll(/\{(\w+)\}/g)) {
        expect(operation.parameters.find((p) => p.in === 'path' && p.name === match[1])).toBeDefined();
      }
    }
    const parameters = (key: string) => contract.operation(key).parameters.map((p) => `${p.name}${p.required ? '!' : ''}:${String(p.schema.type)}`);
    expect(parameters('GET /api/v1/catch-up')).toEqual(['since!:string', 'limit:integer']);
    expect(parameters('GET /api/v1/search')).toEqual(expect.arrayContaining(['q!:string', 'before:string', 'limit:integer']));
    expect(parameters('GET /api/v1/conversations/{conversationId}/messages')).toEqual(['conversationId!:string', 'before:string', 'after:string', 'limit:integer']);
    expect(contract.operation('GET /api/v1/conversations/{conversationId}/messages').parameters[0].schema.pattern).toBeDefined();
    expect(contract.operation('PATCH /api/v1/messages/{messageId}').parameters[0].schema.pattern).toBe('^msg_[A-Za-z0-9_-]{22}$');
  });

  it('catches an answer the document does not describe (the checker itself can fail)', () => {
    const headers = new Headers();
    const key = 'GET /api/v1/conversations';
    expect(contract.violations(key, { status: 200, headers, body: { conversations: [] } })).toEqual([]);
    expect(contract.violations(key, { status: 418, headers, body: {} })[0]).toMatch(/not documented/);
    expect(contract.violations(key, { status: 200, headers, body: { conversations: [], debug: true } })[0]).toMatch(/does not match/);
    expect(contract.violations(key, { status: 401, headers, body: { statusCode: 401, error: 'unauthorized', reason: 'missing' } })[0]).toMatch(/does not match/);
    expect(contract.violations(key, { status: 429, headers, body: { error: 'rate-limited', message: 'slow down' } })[0]).toMatch(/Retry-After/);
  });

  it('answers every operation as documented, valid and invalid input alike', async () => {
    const written = writtenCalls();
    for (const operation of contract.operations()) {
      const calls = written[operation.key];
      const valid = calls.find((c) => c.expect < 300)!;
      expect([operation.key, valid]).toEqual([operation.key, expect.anything()]);
      // The malformed ones first: the valid ones change state (a retracted message cannot be corrected twice).
      for (const call of [...generated(operation, valid), ...calls]) await check(operation, call);
    }
    expect(problems).toEqual([]);
    // Every operation got at least its success and one refusal.
    for (const operation of contract.operations().filter((o) => o.secured)) {
      const statuses = answered.get(operation.key) ?? [];
      expect([operation.key, statuses.some((s) => s < 300), statuses.some((s) => s >= 400)]).toEqual([operation.key, true, true]);
    }
  });
});
