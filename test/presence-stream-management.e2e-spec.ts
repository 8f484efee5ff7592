import { ClientRequest } from '@chat/realtime';
import { registerUsers } from './support/desktop-client';
import { eventually } from './support/stack';
import { StreamManagementProcess } from './support/stream-management-process';
import type { WebUser } from './support/web-user';
import { WholeService } from './support/whole-service';

const DOMAIN = process.env.XMPP_DOMAIN ?? 'localhost';
const RECONCILE_MS = 1000;
const PROBE_TIMEOUT_MS = 1000;
// The promise: offline within PRESENCE_RECONCILE_MS + PRESENCE_PROBE_TIMEOUT_MS, plus the mirror and the fan-out.
// Asserted with a wide margin for a busy 2-core machine; ejabberd alone would take its resume_timeout (300 s).
const OFFLINE_BOUND_MS = RECONCILE_MS + PROBE_TIMEOUT_MS + 10_000;

/** ejabberd's own view: the session of a client killed with stream management on stays listed while it waits. */
async function listedByEjabberd(fullJid: string): Promise<boolean> {
  const response = await fetch(`${process.env.EJABBERD_API_URL}/connected_users_info`, { method: 'POST', body: '{}' });
  return ((await response.json()) as Array<{ jid: string }>).some((s) => s.jid === fullJid);
}

describe('presence of stream-management (XEP-0198) clients that die or lose their network', () => {
  let service: WholeService;
  let watcher: WebUser;
  const clients: StreamManagementProcess[] = [];

  const badges = (jid: string) => watcher.of('presence').filter((p) => p.jid === jid);
  const badgeBecomes = (jid: string, show: string, timeoutMs = 20_000) => eventually(`${jid} ${show}`, async () => badges(jid).find((p) => p.show === show), timeoutMs);
  const startClient = async (user: string, resource: string) => {
    const client = await StreamManagementProcess.start(user, resource);
    clients.push(client);
    return client;
  };

  beforeAll(async () => {
    service = await WholeService.start('presencesm', {
      // A component domain of its own: ejabberd spreads what it routes to one domain, ping answers included, over
      // every connection of that domain, so another suite's gateway on the shared stack would take some of ours.
      // The listener accepts any domain with its secret, and mod_privilege grants presences to every component.
      XMPP_COMPONENT_DOMAIN: 'presence-probe.localhost',
      PRESENCE_RECONCILE_MS: String(RECONCILE_MS),
      PRESENCE_PROBE_TIMEOUT_MS: String(PROBE_TIMEOUT_MS),
      XMPP_RECONNECT_MIN_MS: '200',
    });
    const [carol] = await registerUsers('carol');
    watcher = await service.web(carol);
  });

  afterAll(async () => {
    clients.forEach((c) => c.kill());
    await service?.close();
  });

  it('a killed client goes offline within the bound while ejabberd still waits to resume its session', async () => {
    const [dora] = await registerUsers('dora');
    const doraJid = `${dora}@${DOMAIN}`;
    await watcher.request(ClientRequest.WatchPresence, { jids: [doraJid] });
    const phone = await startClient(dora, 'phone');
    expect(phone.online.streamManagement).toMatchObject({ enabled: true, id: expect.any(String) });
    await badgeBecomes(doraJid, 'available');
    // Two reconciliations, so the probe has heard the phone answer before it is killed.
    await new Promise((r) => setTimeout(r, 2 * RECONCILE_MS + PROBE_TIMEOUT_MS));

    const killedAt = Date.now();
    phone.kill();
    const offline = await badgeBecomes(doraJid, 'offline', OFFLINE_BOUND_MS);
    expect(Date.now() - killedAt).toBeLessThan(OFFLINE_BOUND_MS);
    expect(new Date(offline.lastSeen as string).getTime()).toBeGreaterThanOrEqual(killedAt - RECONCILE_MS - 1000);
    // Not ejabberd dropping the session: it is still listed, waiting for a resumption that will never come.
    expect(await listedByEjabberd(`${doraJid}/phone`)).toBe(true);
  });

  it('a live client is never marked offline by the probe over several reconciliations', async () => {
    const [ewan] = await registerUsers('ewan');
    const ewanJid = `${ewan}@${DOMAIN}`;
    await watcher.request(ClientRequest.WatchPresence, { jids: [ewanJid] });
    const phone = await startClient(ewan, 'phone');
    expect(phone.online.streamManagement?.enabled).toBe(true);
    await badgeBecomes(ewanJid, 'available');

    await new Promise((r) => setTimeout(r, 8 * RECONCILE_MS));
    expect(badges(ewanJid).filter((p) => p.show === 'offline')).toEqual([]);
    const { presences } = (await watcher.request(ClientRequest.WatchPresence, { jids: [ewanJid] })) as { presences: Array<Record<string, unknown>> };
    expect(presences[0]).toMatchObject({ show: 'available', resources: 1 });
  });

  it('a client that lost its network goes offline, and comes back when it resumes its session', async () => {
    const [fay] = await registerUsers('fay');
    const fayJid = `${fay}@${DOMAIN}`;
    await watcher.request(ClientRequest.WatchPresence, { jids: [fayJid] });
    const phone = await startClient(fay, 'phone');
    await badgeBecomes(fayJid, 'available');
    await new Promise((r) => setTimeout(r, 2 * RECONCILE_MS + PROBE_TIMEOUT_MS));

    await phone.cut();
    await badgeBecomes(fayJid, 'offline', OFFLINE_BOUND_MS);
    const seen = badges(fayJid).length;
    await phone.resume();
    // A resumed session never ended, so the client sends no new presence: its answer to a ping brings it back.
    const back = await eventually(
      'fay available again',
      async () =>
        badges(fayJid)
          .slice(seen)
          .find((p) => p.show === 'available'),
      OFFLINE_BOUND_MS,
    );
    expect(back).toMatchObject({ resources: 1 });
  });
});
