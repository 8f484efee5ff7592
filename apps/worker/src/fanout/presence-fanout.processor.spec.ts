import type { BareJid, UserPresence } from '@chat/domain';
import type { PresenceRepository } from '@chat/persistence';
import { type SocketEmitter, toWebPresence } from '@chat/realtime';
import { PresenceFanoutProcessor } from './presence-fanout.processor';

const alice = 'alice@localhost' as BareJid;

/** Stored badges by user. */
class InMemoryPresences implements Pick<PresenceRepository, 'findMany'> {
  readonly stored = new Map<BareJid, UserPresence>();

  async findMany(jids: string[]): Promise<Map<BareJid, UserPresence>> {
    return new Map([...this.stored].filter(([jid]) => jids.includes(jid)));
  }
}

class RecordingEmitter implements Pick<SocketEmitter, 'toPresenceWatchers'> {
  readonly sent: Array<{ watched: BareJid; event: string; payload: unknown }> = [];

  toPresenceWatchers(watched: BareJid, event: 'presence', payload: unknown): void {
    this.sent.push({ watched, event, payload });
  }
}

function setUp() {
  const presences = new InMemoryPresences();
  const sockets = new RecordingEmitter();
  const processor = new PresenceFanoutProcessor(presences as unknown as PresenceRepository, sockets as unknown as SocketEmitter);
  const run = (jid: BareJid) => processor.process({ data: { jid } } as Parameters<PresenceFanoutProcessor['process']>[0]);
  return { presences, sockets, run };
}

describe('PresenceFanoutProcessor', () => {
  it('sends the badge as it is stored now to the sockets watching that user', async () => {
    const { presences, sockets, run } = setUp();
    presences.stored.set(alice, { jid: alice, state: 'away', status: 'lunch', resources: [] });
    await run(alice);
    presences.stored.set(alice, { jid: alice, state: 'offline', lastSeen: new Date(Date.UTC(2026, 11, 2)), resources: [] });
    await run(alice);
    expect(sockets.sent).toEqual([
      { watched: alice, event: 'presence', payload: toWebPresence({ jid: alice, state: 'away', status: 'lunch', resources: [] }) },
      { watched: alice, event: 'presence', payload: expect.objectContaining({ jid: alice, show: 'offline', lastSeen: '2026-12-02T00:00:00.000Z' }) },
    ]);
  });

  it('sends nothing for a user with no stored badge', async () => {
    const { sockets, run } = setUp();
    await run(alice);
    expect(sockets.sent).toEqual([]);
  });
});
