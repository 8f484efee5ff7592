import { afterEach, beforeEach, describe, expect, it, jest } from '@jest/globals';
import type { ConfigService } from '@nestjs/config';
import type { ApiEnv } from '@chat/config';
import type { BareJid } from '@chat/domain';
import type { InboundJournal } from '@chat/journal';
import { WebSessionRegistry } from '@chat/queues';
import { WebPresence } from './web-presence.service';

type JournalRecord = Parameters<InboundJournal['append']>[0];

/** The session registry: each web session's expiry, and every renewal. */
class InMemoryRegistry implements Pick<WebSessionRegistry, 'renew' | 'remove'> {
  readonly expiries = new Map<string, number>();
  renewals = 0;
  failing = false;

  async renew(fullJids: string[], expiresAt: number): Promise<void> {
    this.renewals += 1;
    if (this.failing) throw new Error('redis down');
    for (const jid of fullJids) this.expiries.set(jid, expiresAt);
  }

  async remove(fullJid: string): Promise<void> {
    this.expiries.delete(fullJid);
  }
}

class RecordingJournal implements Pick<InboundJournal, 'append'> {
  readonly records: JournalRecord[] = [];
  async append(record: JournalRecord): Promise<string> {
    this.records.push(record);
    return `${this.records.length}-0`;
  }
}

class FixedConfig {
  get(): number {
    return 45_000;
  }
}

const alice = 'alice@localhost' as BareJid;
const NOW = Date.UTC(2026, 11, 2, 10, 0, 0);

function setUp() {
  const registry = new InMemoryRegistry();
  const journal = new RecordingJournal();
  const presence = new WebPresence(registry as unknown as WebSessionRegistry, journal as unknown as InboundJournal, new FixedConfig() as unknown as ConfigService<ApiEnv, true>);
  return { presence, registry, journal };
}

describe('WebPresence', () => {
  beforeEach(() => {
    jest.useFakeTimers({ now: NOW });
  });

  afterEach(() => {
    jest.useRealTimers();
  });

  it('announces an opened socket as a web session through the journal and registers it for WEB_PRESENCE_TTL_MS', async () => {
    const { presence, registry, journal } = setUp();
    await presence.opened(alice, 's1');
    expect(registry.expiries).toEqual(new Map([[WebSessionRegistry.resourceJid(alice, 's1'), NOW + 45_000]]));
    expect(journal.records).toEqual([{ kind: 'web-session', user: alice, sessionId: 's1', open: true, at: NOW }]);
  });

  it('ends a closed socket in the registry and the journal', async () => {
    const { presence, registry, journal } = setUp();
    await presence.opened(alice, 's1');
    await presence.closed(alice, 's1');
    expect(registry.expiries.size).toBe(0);
    expect(journal.records.at(-1)).toEqual({ kind: 'web-session', user: alice, sessionId: 's1', open: false, at: NOW });
  });

  it('renews the open sessions every third of the TTL, and keeps renewing after a failed renewal', async () => {
    const { presence, registry } = setUp();
    presence.onModuleInit();
    await presence.opened(alice, 's1');
    await presence.opened(alice, 's2');
    await presence.closed(alice, 's2');
    registry.failing = true;
    await jest.advanceTimersByTimeAsync(15_000);
    registry.failing = false;
    await jest.advanceTimersByTimeAsync(15_000);
    expect(registry.expiries).toEqual(new Map([[WebSessionRegistry.resourceJid(alice, 's1'), NOW + 30_000 + 45_000]]));
    await presence.onApplicationShutdown();
  });

  it('ends every session it still holds when the api shuts down, and renews no more', async () => {
    const { presence, registry, journal } = setUp();
    presence.onModuleInit();
    await presence.opened(alice, 's1');
    await presence.opened('bob@localhost' as BareJid, 's2');
    await presence.onApplicationShutdown();
    expect(registry.expiries.size).toBe(0);
    expect(journal.records.filter((r) => r.kind === 'web-session' && !r.open).map((r) => (r as { sessionId: string }).sessionId)).toEqual(['s1', 's2']);
    const renewals = registry.renewals;
    await jest.advanceTimersByTimeAsync(60_000);
    expect(registry.renewals).toBe(renewals);
  });
});
