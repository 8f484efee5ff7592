import { Logger } from '@nestjs/common';
import type { ConfigService } from '@nestjs/config';
import type { InboundJournal, JournalRecord } from '@chat/journal';
import type { WebSessionRegistry } from '@chat/queues';
import type { ConnectedSession, EjabberdAdminApi } from '@chat/xmpp';
import type { ActiveGatewayLease } from '../pairing/active-gateway-lease';
import type { DesktopSessionProbe } from './desktop-session-probe';
import { SessionReconciler } from './session-reconciler';

const session = (jid: string, status = 'available'): ConnectedSession => ({ jid, status, priority: 0 });

/** One reconciliation against in-memory stand-ins: what reaches the journal is what the mirror will judge by. */
async function reconcileOnce(listed: ConnectedSession[], unreachable: string[], web: string[] = []) {
  const journaled: JournalRecord[] = [];
  const pinged: string[][] = [];
  const api = { connectedSessions: async () => listed } as unknown as EjabberdAdminApi;
  const journal = { append: async (entry: JournalRecord) => void journaled.push(entry) } as unknown as InboundJournal;
  const webSessions = { alive: async () => web } as unknown as WebSessionRegistry;
  const probe = {
    unreachable: async (jids: string[]) => {
      pinged.push(jids);
      return new Set(unreachable);
    },
  } as unknown as DesktopSessionProbe;
  const config = { get: () => 60_000 } as unknown as ConfigService<never, true>;
  const lease = { active: true } as ActiveGatewayLease;
  const reconciler = new SessionReconciler(api, journal, webSessions, probe, lease, config);
  reconciler.onApplicationBootstrap();
  while (journaled.length === 0) await new Promise((r) => setTimeout(r, 5));
  reconciler.onApplicationShutdown();
  const [entry] = journaled as Array<Extract<JournalRecord, { kind: 'sessions' }>>;
  return { jids: entry.sessions.map((s) => s.jid), pinged };
}

describe('SessionReconciler', () => {
  beforeAll(() => Logger.overrideLogger(false));

  it('leaves out the sessions the probe found unreachable, keeps the rest and the web sessions', async () => {
    const { jids } = await reconcileOnce(
      [session('alice@localhost/desk'), session('alice@localhost/phone'), session('bob@localhost/psi')],
      ['alice@localhost/phone'],
      ['carol@localhost/web.abc'],
    );
    expect(jids).toEqual(['alice@localhost/desk', 'bob@localhost/psi', 'carol@localhost/web.abc']);
  });

  it('asks the probe about ejabberd sessions only, not about unavailable ones nor web sessions', async () => {
    const { pinged } = await reconcileOnce([session('alice@localhost/desk'), session('bob@localhost/psi', 'unavailable')], [], ['carol@localhost/web.abc']);
    expect(pinged).toEqual([['alice@localhost/desk']]);
  });
});
