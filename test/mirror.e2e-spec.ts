import { MessageArchive } from '@chat/persistence';
import { InboundJournal } from '@chat/journal';
import { registerUsers, xml } from './support/desktop-client';
import { eventually } from './support/stack';
import { WholeService } from './support/whole-service';

const DOMAIN = process.env.XMPP_DOMAIN ?? 'localhost';
const MUC = `conference.${DOMAIN}`;

describe('mirroring ejabberd into the archive and out to web users', () => {
  let service: WholeService;
  let archive: MessageArchive;

  beforeAll(async () => {
    service = await WholeService.start('mirror', { PRESENCE_RECONCILE_MS: '500', XMPP_RECONNECT_MIN_MS: '200', MAX_BODY_LENGTH: '32768' }, 30_000);
    archive = service.gateway.get(MessageArchive);
  });

  afterAll(async () => {
    await service?.close();
  });

  it('archives a 1:1 conversation between two desktop clients once per message, in order, and delivers it live', async () => {
    const [alice, bob] = await registerUsers('alice', 'bob');
    const bobWeb = await service.web(bob);
    const aliceDesk = await service.desktop(alice, 'gajim');
    const bobDesk = await service.desktop(bob, 'psi');

    const sent: string[] = [];
    for (let i = 0; i < 12; i++) {
      const [from, to, peer] = i % 3 === 2 ? [bobDesk, `${alice}@${DOMAIN}`, aliceDesk] : [aliceDesk, `${bob}@${DOMAIN}`, bobDesk];
      const body = `message ${i} from ${from.jid.split('@')[0]}`;
      sent.push(body);
      await from.chat(to, `m${i}`, body);
      // Each message reaches the peer before the next is written: the server's order is the order of `sent`.
      await eventually(`delivery of message ${i}`, async () => (peer.received.some((m) => m.getChildText('body') === body) ? true : undefined));
    }

    const events = await bobWeb.waitFor('message', 12);
    const conversationId = `dm:${alice}@${DOMAIN}|${bob}@${DOMAIN}`;
    const stored = await archive.listConversation(conversationId);
    expect(stored.map((m) => m.body)).toEqual(sent);
    expect(new Set(stored.map((m) => m.id)).size).toBe(12);
    await new Promise((r) => setTimeout(r, 500));
    expect(bobWeb.of('message').map((e) => e.body)).toEqual(sent);
    expect(events.every((e) => e.conversationId === conversationId)).toBe(true);
  });

  it('archives each room message once and delivers it once to each web participant', async () => {
    const [alice, bob, carol] = await registerUsers('alice', 'bob', 'carol');
    const room = `room_${Date.now().toString(36)}@${MUC}`;
    const webs = await Promise.all([alice, bob, carol].map((u) => service.web(u)));
    const desks = await Promise.all([alice, bob, carol].map((u) => service.desktop(u, 'desk')));
    for (const [i, d] of desks.entries()) {
      await d.joinRoom(room, [alice, bob, carol][i].split('_')[0]);
      await new Promise((r) => setTimeout(r, 200));
    }
    const said = [
      [0, 'hello room'],
      [1, 'hi alice'],
      [2, 'bonjour à tous 👋'],
    ] as const;
    for (const [i, body] of said) {
      await desks[i].groupchat(room, `g${i}`, body);
      // The room reflects each message to every occupant before the next is sent: the server's order is `said`.
      await eventually(`room echo of ${body}`, async () => (desks.every((d) => d.received.some((m) => m.getChildText('body') === body)) ? true : undefined));
    }

    for (const person of webs) await person.waitFor('message', 3);
    const stored = await archive.listConversation(`room:${room}`);
    expect(stored.map((m) => [m.author, m.body])).toEqual([
      [`${alice}@${DOMAIN}`, 'hello room'],
      [`${bob}@${DOMAIN}`, 'hi alice'],
      [`${carol}@${DOMAIN}`, 'bonjour à tous 👋'],
    ]);
    await new Promise((r) => setTimeout(r, 500));
    for (const person of webs) {
      expect(person.of('message').map((e) => e.body)).toEqual(['hello room', 'hi alice', 'bonjour à tous 👋']);
      expect(new Set(person.of('message').map((e) => e.id)).size).toBe(3);
    }
  });

  it('applies a correction and a retraction to the archived message, keeps its history, and tells the socket', async () => {
    const [alice, bob] = await registerUsers('alice', 'bob');
    const bobWeb = await service.web(bob);
    const aliceDesk = await service.desktop(alice, 'gajim');
    await service.desktop(bob, 'psi');
    const to = `${bob}@${DOMAIN}`;

    await aliceDesk.chat(to, 'orig-1', 'see you at 10');
    await aliceDesk.chat(to, 'fix-1', 'see you at 11', xml('replace', { xmlns: 'urn:xmpp:message-correct:0', id: 'orig-1' }));
    // Someone else cannot correct Alice's message, even naming its id.
    const bobDesk = await service.desktop(bob, 'other');
    await bobDesk.chat(`${alice}@${DOMAIN}`, 'evil-1', 'hacked', xml('replace', { xmlns: 'urn:xmpp:message-correct:0', id: 'orig-1' }));
    await aliceDesk.chat(to, 'del-1', 'This person attempted to retract a previous message', xml('retract', { xmlns: 'urn:xmpp:message-retract:1', id: 'orig-1' }));

    const events = await bobWeb.waitFor('message', 3);
    expect(events.map((e) => [e.body, e.replace ? 'replace' : e.retract ? 'retract' : 'create'])).toEqual([
      ['see you at 10', 'create'],
      ['see you at 11', 'replace'],
      ['', 'retract'],
    ]);
    const [message] = await archive.listConversation(`dm:${alice}@${DOMAIN}|${bob}@${DOMAIN}`);
    expect(message).toMatchObject({ body: '', retractedAt: expect.any(Date), editedAt: expect.any(Date) });
    expect(message.edits.map((e) => [e.kind, e.previous])).toEqual([
      ['correction', 'see you at 10'],
      ['retraction', 'see you at 11'],
    ]);
    expect(events.filter((e) => e.messageId === message.id)).toHaveLength(3);
  });

  it('aggregates the presence of a user with two resources and records last seen when they go', async () => {
    const [alice, carol] = await registerUsers('alice', 'carol');
    const aliceJid = `${alice}@${DOMAIN}`;
    const watcher = await service.web(carol);
    const initial = await watcher.request('watch-presence', { jids: [aliceJid] });
    expect(initial).toEqual({ presences: [expect.objectContaining({ jid: aliceJid, show: 'offline' })] });

    const desk = await service.desktop(alice, 'desk', false);
    await desk.presence({ show: 'away', status: 'lunch', priority: 5 });
    const phone = await service.desktop(alice, 'phone', false);
    await phone.presence({ priority: 0 });
    await eventually('badge away from the desk', async () => watcher.of('presence').find((p) => p.show === 'away' && p.status === 'lunch'));
    // The available phone has the lower priority: the badge stays "away", now over two resources.
    await eventually('two resources under the desk', async () => {
      const { presences } = (await watcher.request('watch-presence', { jids: [aliceJid] })) as { presences: Array<Record<string, unknown>> };
      return presences[0].resources === 2 ? presences[0] : undefined;
    });
    expect(watcher.of('presence').at(-1)).toMatchObject({ show: 'away', status: 'lunch' });

    await desk.presence({ type: 'unavailable' });
    await eventually('badge available from the phone', async () => watcher.of('presence').find((p) => p.show === 'available' && p.resources === 1));

    const before = Date.now();
    await phone.drop();
    const offline = await eventually('badge offline after the phone vanished', async () => watcher.of('presence').find((p) => p.show === 'offline'));
    expect(new Date(offline.lastSeen as string).getTime()).toBeGreaterThanOrEqual(before - 1000);
    expect(await watcher.request('watch-presence', { jids: [aliceJid] })).toEqual({
      presences: [expect.objectContaining({ show: 'offline', lastSeen: offline.lastSeen })],
    });
  });

  it('delivers typing notices live and never archives them', async () => {
    const [alice, bob] = await registerUsers('alice', 'bob');
    const bobWeb = await service.web(bob);
    const aliceDesk = await service.desktop(alice, 'gajim');
    await service.desktop(bob, 'psi');
    await aliceDesk.send(xml('message', { to: `${bob}@${DOMAIN}`, type: 'chat', id: 'cs' }, xml('composing', { xmlns: 'http://jabber.org/protocol/chatstates' })));
    const [state] = await bobWeb.waitFor('chatstate', 1);
    expect(state).toMatchObject({ from: `${alice}@${DOMAIN}`, state: 'composing' });
    expect(await archive.listConversation(`dm:${alice}@${DOMAIN}|${bob}@${DOMAIN}`)).toEqual([]);
  });

  it('skips malformed and hostile stanzas, keeps them for operators, and goes on mirroring', async () => {
    const [alice, bob] = await registerUsers('alice', 'bob');
    const aliceDesk = await service.desktop(alice, 'gajim');
    await service.desktop(bob, 'psi');
    const to = `${bob}@${DOMAIN}`;
    const journal = service.gateway.get(InboundJournal);
    const deadBefore = (await journal.depth()).dead;

    // Through ejabberd: a body over the limit, and an unknown extension (which is fine).
    await aliceDesk.chat(to, 'huge', 'x'.repeat(40_000));
    await aliceDesk.chat(to, 'ext', 'with an extension', xml('x', { xmlns: 'urn:example:unknown' }, xml('deep', { a: '1' })));
    // What ejabberd itself would refuse, appended to the journal directly.
    const wrap = (inner: string) => `<message to="chat.localhost" from="${DOMAIN}"><forwarded xmlns="urn:xmpp:forward:0">${inner}</forwarded></message>`;
    for (const xmlText of [
      wrap(`<message to="${to}" type="chat" id="nofrom"><body>no from</body></message>`),
      wrap(`<message from="${alice}@${DOMAIN}/x" type="chat" id="noto"><body>no to</body></message>`),
      wrap(`<message from="${alice}@${DOMAIN}/x" to="b&lt;ob@${DOMAIN}" type="chat" id="badjid"><body>bad jid</body></message>`),
      `<!DOCTYPE m [<!ENTITY boom "boom">]><message>&boom;</message>`,
      `<message to="chat.localhost" from="${alice}@${DOMAIN}/x"><forwarded xmlns="urn:xmpp:forward:0"><message from="${bob}@${DOMAIN}/y" to="${alice}@${DOMAIN}" type="chat" id="forged"><body>forged</body></message></forwarded></message>`,
      '<message',
    ]) {
      await journal.append({ kind: 'stanza', xml: xmlText });
    }
    await aliceDesk.chat(to, 'after', 'still mirrored afterwards');

    await eventually('the message after the hostile ones', async () => {
      const bodies = (await archive.listConversation(`dm:${alice}@${DOMAIN}|${to}`)).map((m) => m.body);
      return bodies.includes('still mirrored afterwards') ? bodies : undefined;
    });
    const bodies = (await archive.listConversation(`dm:${alice}@${DOMAIN}|${to}`)).map((m) => m.body);
    expect(bodies).toEqual(['with an extension', 'still mirrored afterwards']);
    expect((await journal.depth()).dead - deadBefore).toBeGreaterThanOrEqual(7);
    const health = (await (await fetch(`${service.gatewayUrl}/health/ready`)).json()) as { details: { xmpp: { link: string; connections: number } } };
    expect(health.details.xmpp).toMatchObject({ link: 'online', connections: 1 });
  });
});
