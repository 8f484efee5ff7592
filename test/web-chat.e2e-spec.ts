import { ConversationRepository, MessageArchive } from '@chat/persistence';
import { DesktopClient, registerUsers, xml } from './support/desktop-client';
import { eventually, stack } from './support/stack';
import { WholeService } from './support/whole-service';

const DOMAIN = process.env.XMPP_DOMAIN ?? 'localhost';
const MUC = `conference.${DOMAIN}`;
const MARKERS = 'urn:xmpp:chat-markers:0';

describe('web users chat back: sends through the gateway into XMPP', () => {
  let service: WholeService;
  let archive: MessageArchive;
  let conversations: ConversationRepository;

  beforeAll(async () => {
    service = await WholeService.start('webchat', { PRESENCE_RECONCILE_MS: '500', XMPP_RECONNECT_MIN_MS: '200', XMPP_RECONNECT_MAX_MS: '1000' });
    archive = service.gateway.get(MessageArchive);
    conversations = service.gateway.get(ConversationRepository);
  });

  afterAll(async () => {
    await service?.close();
  });

  const bodies = (client: DesktopClient, from: string) => client.received.filter((m) => m.attrs.from?.startsWith(from) && m.getChild('body')).map((m) => m.getChildText('body'));

  it('web → desktop and desktop → web, each message archived once and acknowledged with its activity id', async () => {
    const [alice, bob] = await registerUsers('alice', 'bob');
    const [aliceJid, bobJid] = [`${alice}@${DOMAIN}`, `${bob}@${DOMAIN}`];
    const aliceWeb = await service.web(alice);
    const bobDesk = await service.desktop(bob, 'gajim');

    const ack = await aliceWeb.request('send-message', { to: bobJid, body: 'Salut Bob, ça va ?', clientMessageId: 'c-1' });
    expect(ack).toMatchObject({ status: 'queued', conversationId: `dm:${aliceJid}|${bobJid}` });
    expect(ack.id).toMatch(/^msg_/);
    await eventually('bob reads it on his desktop', async () => (bodies(bobDesk, aliceJid).includes('Salut Bob, ça va ?') ? true : undefined));
    const delivered = bobDesk.received.find((m) => m.getChildText('body') === 'Salut Bob, ça va ?')!;
    expect(delivered.attrs.from).toBe(aliceJid);
    expect(delivered.getChild('markable', MARKERS)).toBeDefined();

    // The same client key again (a retry after a lost acknowledgement): the same id, nothing sent twice.
    const again = await aliceWeb.request('send-message', { to: bobJid, body: 'Salut Bob, ça va ?', clientMessageId: 'c-1' });
    expect(again.id).toBe(ack.id);

    await bobDesk.chat(aliceJid, 'b-1', 'Très bien, merci !');
    const events = await aliceWeb.waitFor('message', 2);
    expect(events.map((e) => [e.id, e.from, e.body])).toEqual([
      [ack.id, aliceJid, 'Salut Bob, ça va ?'],
      [expect.stringMatching(/^msg_/), bobJid, 'Très bien, merci !'],
    ]);

    const stored = await eventually('both archived', async () => {
      const list = await archive.listConversation(`dm:${aliceJid}|${bobJid}`);
      return list.length >= 2 ? list : undefined;
    });
    await new Promise((r) => setTimeout(r, 500));
    expect((await archive.listConversation(`dm:${aliceJid}|${bobJid}`)).map((m) => [m.id, m.author, m.body])).toEqual([
      [ack.id, aliceJid, 'Salut Bob, ça va ?'],
      [stored[1].id, bobJid, 'Très bien, merci !'],
    ]);
    expect(bodies(bobDesk, aliceJid)).toEqual(['Salut Bob, ça va ?']);
  });

  it('a web user posts in a room where desktop users are occupants; everyone sees it once', async () => {
    const [alice, bob, carol] = await registerUsers('alice', 'bob', 'carol');
    const room = `team_${Date.now().toString(36)}@${MUC}`;
    const bobDesk = await service.desktop(bob, 'psi');
    const carolDesk = await service.desktop(carol, 'gajim');
    await bobDesk.joinRoom(room, 'bob');
    await carolDesk.joinRoom(room, 'carol');
    // Alice was in the room from her desktop once; today she is only in the intranet.
    const aliceDesk = await DesktopClient.connect(alice, 'laptop');
    await aliceDesk.presence();
    await aliceDesk.joinRoom(room, 'alice');
    await eventually('alice known as a member', async () => (await conversations.member(`room:${room}`, `${alice}@${DOMAIN}`)) ?? undefined);
    await aliceDesk.stop();
    const aliceWeb = await service.web(alice);
    const carolWeb = await service.web(carol);

    const ack = await aliceWeb.request('send-message', { to: room, body: 'Réunion à 15 h' });
    expect(ack).toMatchObject({ status: 'queued', conversationId: `room:${room}` });
    for (const desk of [bobDesk, carolDesk]) {
      await eventually(`${desk.jid} sees it`, async () =>
        desk.received.some((m) => m.attrs.type === 'groupchat' && m.getChildText('body') === 'Réunion à 15 h') ? true : undefined,
      );
    }
    await carolWeb.waitFor('message', 1);
    await new Promise((r) => setTimeout(r, 800));
    for (const desk of [bobDesk, carolDesk]) {
      const copies = desk.received.filter((m) => m.attrs.type === 'groupchat' && m.getChildText('body') === 'Réunion à 15 h');
      expect(copies.map((m) => m.attrs.from)).toEqual([`${room}/alice`]);
    }
    expect(carolWeb.of('message').map((e) => [e.id, e.from, e.body])).toEqual([[ack.id, `${alice}@${DOMAIN}`, 'Réunion à 15 h']]);
    expect((await archive.listConversation(`room:${room}`)).map((m) => [m.id, m.author, m.body])).toEqual([[ack.id, `${alice}@${DOMAIN}`, 'Réunion à 15 h']]);
  });

  it('read markers agree both ways, and corrections and retractions reach the desktop', async () => {
    const [alice, bob] = await registerUsers('alice', 'bob');
    const [aliceJid, bobJid] = [`${alice}@${DOMAIN}`, `${bob}@${DOMAIN}`];
    const conversationId = `dm:${aliceJid}|${bobJid}`;
    const aliceWeb = await service.web(alice);
    const bobDesk = await service.desktop(bob, 'conversations');

    // Desktop → web: bob writes twice, alice reads on the web; bob's client gets a displayed marker for the last.
    await bobDesk.chat(aliceJid, 'bm-1', 'first');
    await bobDesk.chat(aliceJid, 'bm-2', 'second');
    const [, second] = await aliceWeb.waitFor('message', 2);
    const listed = await eventually('two unread', async () => {
      const list = (await aliceWeb.request('list-conversations', {})) as { conversations: Array<{ id: string; unread: number }> };
      return list.conversations.find((c) => c.id === conversationId && c.unread === 2);
    });
    expect(listed.unread).toBe(2);
    expect(await aliceWeb.request('mark-read', { conversationId, messageId: second.messageId })).toMatchObject({ status: 'queued' });
    const marker = await eventually('bob receives a displayed marker', async () => bobDesk.received.find((m) => m.getChild('displayed', MARKERS)));
    expect(marker.getChild('displayed', MARKERS)!.attrs.id).toBe('bm-2');
    await eventually('alice has nothing unread', async () => {
      const list = (await aliceWeb.request('list-conversations', {})) as { conversations: Array<{ id: string; unread: number }> };
      return list.conversations.find((c) => c.id === conversationId && c.unread === 0);
    });

    // Web → desktop: alice writes, bob's client shows it read; alice's web sees the read marker.
    const ack = await aliceWeb.request('send-message', { to: bobJid, body: 'did you get the slides?' });
    const sent = await eventually('bob gets it', async () => bobDesk.received.find((m) => m.getChildText('body') === 'did you get the slides?'));
    await bobDesk.send(xml('message', { to: aliceJid, type: 'chat', id: 'bd-1' }, xml('displayed', { xmlns: MARKERS, id: sent.attrs.id })));
    const read = await eventually("bob's read marker on alice's web", async () => aliceWeb.of('read').find((r) => r.reader === bobJid));
    expect(read).toMatchObject({ conversationId, messageId: ack.id });
    expect(aliceWeb.of('read').find((r) => r.reader === aliceJid)).toMatchObject({ conversationId, messageId: second.messageId });
    // A page loaded later shows the same read state.
    const page = (await aliceWeb.request('history', { conversationId, limit: 5 })) as { readers: unknown[] };
    expect(page.readers).toEqual([{ reader: bobJid, messageId: ack.id, position: expect.any(String) }]);

    // Corrections and retractions of her own message.
    expect(await aliceWeb.request('correct-message', { messageId: ack.id, body: 'did you get the slides? (v2)' })).toMatchObject({ status: 'queued' });
    await eventually('bob sees the correction', async () => bobDesk.received.find((m) => m.getChild('replace', 'urn:xmpp:message-correct:0')?.attrs.id === sent.attrs.id));
    expect(await aliceWeb.request('retract-message', { messageId: ack.id })).toMatchObject({ status: 'queued' });
    await eventually('bob sees the retraction', async () => bobDesk.received.find((m) => m.getChild('retract', 'urn:xmpp:message-retract:1')?.attrs.id === sent.attrs.id));
    const final = await eventually('archive retracted', async () => {
      const m = await archive.findById(ack.id as string);
      return m?.retractedAt ? m : undefined;
    });
    expect(final.body).toBe('');
    expect(final.edits.map((e) => e.kind)).toEqual(['correction', 'retraction']);

    // Someone else's message cannot be changed.
    expect(await aliceWeb.request('retract-message', { messageId: second.messageId })).toMatchObject({ error: 'forbidden' });
  });

  it('a web-only user joins an open room and posts; members-only and missing rooms refuse', async () => {
    const [dave, erin, owner] = await registerUsers('dave', 'erin', 'owner');
    const room = `open_${Date.now().toString(36)}@${MUC}`;
    const erinDesk = await service.desktop(erin, 'gajim');
    await erinDesk.joinRoom(room, 'erin');
    await eventually('room created', async () => (await conversations.member(`room:${room}`, `${erin}@${DOMAIN}`)) ?? undefined);
    const daveWeb = await service.web(dave);
    expect(await daveWeb.request('send-message', { to: room, body: 'too early' })).toMatchObject({ error: 'forbidden' });
    expect(await daveWeb.request('join-room', { room })).toEqual({ conversationId: `room:${room}`, joined: true });
    const listed = (await daveWeb.request('list-conversations', {})) as { conversations: Array<Record<string, unknown>> };
    expect(listed.conversations).toEqual([expect.objectContaining({ id: `room:${room}`, kind: 'room', with: room, unread: 0 })]);
    const ack = await daveWeb.request('send-message', { to: room, body: 'hello from the intranet' });
    await eventually('erin sees it', async () => erinDesk.received.find((m) => m.getChildText('body') === 'hello from the intranet'));
    expect((await archive.listConversation(`room:${room}`)).map((m) => [m.id, m.body])).toEqual([[ack.id, 'hello from the intranet']]);

    const closed = `closed_${Date.now().toString(36)}`;
    await stack('ctl', 'create_room', closed, MUC, DOMAIN);
    await stack('ctl', 'change_room_option', closed, MUC, 'members_only', 'true');
    expect(await daveWeb.request('join-room', { room: `${closed}@${MUC}` })).toMatchObject({ error: 'forbidden', message: 'room: members only' });
    await stack('ctl', 'set_room_affiliation', closed, MUC, `${owner}@${DOMAIN}`, 'member');
    const ownerWeb = await service.web(owner);
    expect(await ownerWeb.request('join-room', { room: `${closed}@${MUC}` })).toMatchObject({ joined: true });
    expect(await daveWeb.request('join-room', { room: `nothing_here@${MUC}` })).toMatchObject({ error: 'not-found' });
    expect(await daveWeb.request('join-room', { room: `${dave}@${DOMAIN}` })).toMatchObject({ error: 'bad-request' });
  });

  it('refuses bad sends with clear errors and loses nothing', async () => {
    const [alice] = await registerUsers('alice');
    const aliceWeb = await service.web(alice);
    expect(await aliceWeb.request('send-message', { to: `nobody_${Date.now()}@${DOMAIN}`, body: 'hi' })).toMatchObject({ error: 'not-found' });
    expect(await aliceWeb.request('send-message', { to: { $gt: '' }, body: 'hi' })).toMatchObject({ error: 'bad-request' });
    expect(await aliceWeb.request('send-message', { to: `bob@${DOMAIN}`, body: 'x'.repeat(40_000) })).toMatchObject({ error: 'too-large' });
    expect(await aliceWeb.request('send-message', { to: `someone@elsewhere.example`, body: 'hi' })).toMatchObject({ error: 'bad-request' });
    expect(await aliceWeb.request('send-message', { to: `secret_${Date.now()}@${MUC}`, body: 'hi' })).toMatchObject({ error: 'forbidden' });
  });

  it('while ejabberd is down, 20 messages wait in the queue and reach the desktop in order once it is back', async () => {
    const [alice, bob] = await registerUsers('alice', 'bob');
    const [aliceJid, bobJid] = [`${alice}@${DOMAIN}`, `${bob}@${DOMAIN}`];
    const aliceWeb = await service.web(alice);
    // An earlier exchange: bob is a known peer when ejabberd cannot be asked.
    expect(await aliceWeb.request('send-message', { to: bobJid, body: 'before the outage' })).toMatchObject({ status: 'queued' });
    await eventually('first message archived', async () => ((await archive.listConversation(`dm:${aliceJid}|${bobJid}`)).length === 1 ? true : undefined));

    await stack('stop', 'ejabberd');
    try {
      const ids: string[] = [];
      for (let i = 1; i <= 20; i++) {
        const ack = await aliceWeb.request('send-message', { to: bobJid, body: `during the outage ${i}` });
        expect(ack).toMatchObject({ status: 'queued' });
        ids.push(ack.id as string);
      }
      expect(new Set(ids).size).toBe(20);
    } finally {
      await stack('start', 'ejabberd');
    }
    await service.componentOnline();
    const bobDesk = await service.desktop(bob, 'gajim');
    const expected = Array.from({ length: 20 }, (_, i) => `during the outage ${i + 1}`);
    await eventually('all 20 delivered', async () => (bodies(bobDesk, aliceJid).filter((b) => b?.startsWith('during')).length >= 20 ? true : undefined), 60_000);
    await new Promise((r) => setTimeout(r, 500));
    expect(bodies(bobDesk, aliceJid).filter((b) => b?.startsWith('during'))).toEqual(expected);
    const stored = await eventually('20 archived', async () => {
      const list = (await archive.listConversation(`dm:${aliceJid}|${bobJid}`)).filter((m) => m.body.startsWith('during'));
      return list.length >= 20 ? list : undefined;
    });
    expect(stored.map((m) => m.body)).toEqual(expected);
  });
});
