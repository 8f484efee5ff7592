import type { INestApplication } from '@nestjs/common';
import { Test, type TestingModule } from '@nestjs/testing';
import { io, type Socket } from 'socket.io-client';
import type { WebMessage } from '@chat/web-protocol';
import { isolatedStores, startApp } from './support/apps';
import { eventually } from './support/stack';
import { accessToken } from './support/tokens';

function connect(url: string, token?: string): Socket {
  return io(url, { auth: token ? { token } : {}, transports: ['websocket'], reconnection: false, forceNew: true });
}

function connected(socket: Socket): Promise<void> {
  return new Promise((resolve, reject) => {
    socket.once('connect', () => resolve());
    socket.once('connect_error', reject);
  });
}

function refused(socket: Socket): Promise<Error & { data?: { reason?: string } }> {
  return new Promise((resolve, reject) => {
    socket.once('connect', () => reject(new Error('connection was accepted')));
    socket.once('connect_error', resolve);
  });
}

describe('web delivery: queue → worker → Socket.IO', () => {
  const stores = isolatedStores('fanout');
  let api: INestApplication;
  let apiUrl: string;
  let worker: INestApplication;
  let workerUrl: string;
  let producer: TestingModule;
  const sockets: Socket[] = [];

  beforeAll(async () => {
    ({ app: api, url: apiUrl } = await startApp('api', stores));
    ({ app: worker, url: workerUrl } = await startApp('worker', stores));
    // The producer side as the gateway wires it: the shared queues lib, nothing else.
    const { appConfigModule, gatewayEnvSchema } = await import('@chat/config');
    const { QueuesModule } = await import('@chat/queues');
    producer = await Test.createTestingModule({ imports: [appConfigModule(gatewayEnvSchema), QueuesModule] }).compile();
    await producer.init();
  });

  afterAll(async () => {
    sockets.forEach((s) => s.disconnect());
    await producer?.close();
    await worker?.close();
    await api?.close();
  });

  it('answers a ping from an authenticated socket through its acknowledgement', async () => {
    const socket = connect(apiUrl, await accessToken('alice'));
    sockets.push(socket);
    await connected(socket);
    const reply = await socket.timeout(5000).emitWithAck('ping');
    expect(reply).toMatchObject({ pong: true, jid: 'alice@localhost' });
  });

  it('delivers a job enqueued by the producer to the sockets of the conversation, and to no one else', async () => {
    const { FanoutQueues } = await import('@chat/queues');
    const bob = connect(apiUrl, await accessToken('bob'));
    const carol = connect(apiUrl, await accessToken('carol'));
    sockets.push(bob, carol);
    await Promise.all([connected(bob), connected(carol)]);
    const bobGot: unknown[] = [];
    const carolGot: unknown[] = [];
    bob.on('message', (a) => bobGot.push(a));
    carol.on('message', (a) => carolGot.push(a));

    const event: WebMessage = {
      id: `msg_fanout${Date.now()}`,
      messageId: `msg_fanout${Date.now()}`,
      conversationId: 'dm:alice@localhost|bob@localhost',
      type: 'chat',
      from: 'alice@localhost',
      to: 'bob@localhost',
      body: 'hello bob',
      stamp: new Date().toISOString(),
      position: '001795396844954-000001',
    };
    await producer.get(FanoutQueues).enqueueChat([{ kind: 'messages', conversationId: event.conversationId, conversationKind: 'direct', events: [event] }]);

    await eventually('bob to receive the message', async () => (bobGot.length ? true : undefined), 15_000);
    expect(bobGot).toEqual([event]);
    await new Promise((r) => setTimeout(r, 300));
    expect(carolGot).toEqual([]);
  });

  it('refuses a socket without a token, with an expired one, or with a forged one', async () => {
    const cases = [
      [undefined, 'missing'],
      [await accessToken('alice', { expiresIn: Math.floor(Date.now() / 1000) - 60 }), 'expired'],
      [await accessToken('alice', { secret: 'another-secret-another-secret-another' }), 'invalid'],
      [await accessToken('alice', { audience: 'someone-else' }), 'invalid'],
    ] as const;
    for (const [token, reason] of cases) {
      const socket = connect(apiUrl, token);
      sockets.push(socket);
      const error = await refused(socket);
      expect(error.data?.reason).toBe(reason);
    }
  });

  it('reports the api and the worker ready with MongoDB and Redis up', async () => {
    for (const url of [apiUrl, workerUrl]) {
      const response = await fetch(`${url}/health/ready`);
      expect(response.status).toBe(200);
      expect(await response.json()).toMatchObject({ details: { mongo: { status: 'up' }, redis: { status: 'up' } } });
    }
  });

  it('keeps a poisoned job in the failed set, where the worker shows it to operators', async () => {
    const failedCount = async () =>
      ((await (await fetch(`${workerUrl}/health/ready`)).json()) as { details: { queues: Record<string, { failed: number }> } }).details.queues['chat-fanout'].failed;
    const before = await failedCount();
    const { getQueueToken } = await import('@nestjs/bullmq');
    const queue = producer.get<import('bullmq').Queue>(getQueueToken('chat-fanout'));
    // A payload the worker cannot deliver; one attempt so the test need not sit through the production backoff.
    const job = await queue.add('messages', { kind: 'messages', conversationId: 'dm:a@localhost|b@localhost', conversationKind: 'direct' }, { attempts: 1 });
    await eventually('the poisoned job in the failed set', async () => ((await failedCount()) === before + 1 ? true : undefined), 15_000);
    expect(await job.getState()).toBe('failed');
  });

  it('publishes its OpenAPI document', async () => {
    const response = await fetch(`${apiUrl}/api/openapi.json`);
    expect(response.status).toBe(200);
    expect(((await response.json()) as { paths: object }).paths).toHaveProperty('/health/ready');
  });
});
