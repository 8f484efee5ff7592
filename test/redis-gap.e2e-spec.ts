import { registerUsers } from './support/desktop-client';
import { eventually, stack } from './support/stack';
import { WholeService } from './support/whole-service';

// Redis pub/sub keeps nothing: what the worker broadcast while an api was resubscribing is gone, and the sockets
// themselves never dropped. After Redis comes back, the api tells every socket to catch up (issue 11, cause 2).
describe('live events across a Redis restart', () => {
  let service: WholeService;

  beforeAll(async () => {
    service = await WholeService.start('redis-gap', { LOG_LEVEL: process.env.TEST_APP_LOG_LEVEL ?? 'error' });
  });

  afterAll(async () => {
    await stack('start', 'redis');
    await service?.close();
  });

  it('tells connected sockets to catch up once its subscriptions are back, and the catch-up has what was sent', async () => {
    const [a, b] = await registerUsers('alice', 'bob');
    const alice = await service.desktop(a, 'gajim');
    const bob = await service.web(b);
    await alice.chat(`${b}@${process.env.XMPP_DOMAIN ?? 'localhost'}`, 'gap-1', 'before the restart');
    const [first] = await bob.waitFor('message', 1);

    await stack('stop', 'redis');
    await new Promise((r) => setTimeout(r, 1000));
    await stack('start', 'redis');
    const [resync] = await bob.waitFor('resync', 1, "a 'resync' event after Redis came back", 30_000);
    expect(resync).toEqual({ reason: 'redis-reconnected' });
    // The socket itself stayed connected all along.
    expect(bob.socket.connected).toBe(true);

    await alice.chat(`${b}@${process.env.XMPP_DOMAIN ?? 'localhost'}`, 'gap-2', 'after the restart');
    const caughtUp = await eventually(
      'the message sent after the restart in catch-up',
      async () => {
        const answer = await bob.request('catch-up', { since: first.id });
        const bodies = ((answer.activities ?? []) as Array<{ object?: { content?: string } }>).map((x) => x.object?.content);
        return bodies.includes('after the restart') ? bodies : undefined;
      },
      30_000,
    );
    expect(caughtUp).not.toContain('before the restart');
  });
});
