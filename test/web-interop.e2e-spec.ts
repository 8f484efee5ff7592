import { registerUsers, xml } from './support/desktop-client';
import { eventually } from './support/stack';
import { WholeService } from './support/whole-service';

const DOMAIN = process.env.XMPP_DOMAIN ?? 'localhost';
const RECEIPTS = 'urn:xmpp:receipts';
const CHAT_STATES = 'http://jabber.org/protocol/chatstates';
const pause = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Issue 9: what desktop clients and web users expect of each other, beyond the words themselves. */
describe('interop between desktop clients and web users', () => {
  let service: WholeService;

  beforeAll(async () => {
    service = await WholeService.start('interop', { PRESENCE_RECONCILE_MS: '500' });
  });

  afterAll(async () => {
    await service?.close();
  });

  it('one typing event per notice, whichever side types', async () => {
    const [alice, bob] = await registerUsers('alice', 'bob');
    const [aliceJid, bobJid] = [`${alice}@${DOMAIN}`, `${bob}@${DOMAIN}`];
    const conversationId = `dm:${aliceJid}|${bobJid}`;
    const aliceWeb = await service.web(alice);
    const bobDesk = await service.desktop(bob, 'gajim');

    expect(await aliceWeb.request('chat-state', { conversationId, state: 'composing' })).toEqual({ sent: true });
    await eventually('bob sees alice typing', async () => bobDesk.received.find((m) => m.getChild('composing', CHAT_STATES)));
    await bobDesk.send(xml('message', { to: aliceJid, type: 'chat', id: 'typing-1' }, xml('composing', { xmlns: CHAT_STATES })));
    await eventually('alice sees bob typing', async () => aliceWeb.of('chatstate').find((e) => e.from === bobJid));
    // A client that gives no id (older ones do not): still once.
    await bobDesk.send(xml('message', { to: aliceJid, type: 'chat' }, xml('paused', { xmlns: CHAT_STATES })));
    await eventually('alice sees bob pause', async () => aliceWeb.of('chatstate').find((e) => e.from === bobJid && e.state === 'paused'));
    await pause(1500);
    const seen = aliceWeb.of('chatstate').map((e) => `${e.from === aliceJid ? 'alice' : 'bob'} ${String(e.state)}`);
    expect(seen).toEqual(['alice composing', 'bob composing', 'bob paused']);
    expect(bobDesk.received.filter((m) => m.attrs.type !== 'error' && m.getChild('composing', CHAT_STATES))).toHaveLength(1);
  });

  it('a correction from the web carries an active state, so desktop clients stop showing "is typing"', async () => {
    const [alice, bob] = await registerUsers('alice', 'bob');
    const bobJid = `${bob}@${DOMAIN}`;
    const aliceWeb = await service.web(alice);
    const bobDesk = await service.desktop(bob, 'psi');
    const sent = await aliceWeb.request('send-message', { to: bobJid, body: 'teh slides' });
    await eventually('delivered', async () => bobDesk.received.find((m) => m.getChildText('body') === 'teh slides'));
    await aliceWeb.request('correct-message', { messageId: sent.id, body: 'the slides' });
    const correction = await eventually('correction delivered', async () => bobDesk.received.find((m) => m.getChildText('body') === 'the slides'));
    expect(correction.getChild('active', CHAT_STATES)).toBeDefined();
  });

  it('answers XEP-0184 receipt requests for a recipient on the web, and only then', async () => {
    const [alice, bob, carol] = await registerUsers('alice', 'bob', 'carol');
    const [aliceJid, carolJid] = [`${alice}@${DOMAIN}`, `${carol}@${DOMAIN}`];
    await service.web(alice);
    const bobDesk = await service.desktop(bob, 'conversations');

    await bobDesk.chat(aliceJid, 'ask-1', 'did this reach you?', xml('request', { xmlns: RECEIPTS }));
    const receipt = await eventually('a receipt from alice', async () => bobDesk.received.find((m) => m.getChild('received', RECEIPTS)));
    expect(receipt.attrs.from).toBe(aliceJid);
    expect(receipt.getChild('received', RECEIPTS)!.attrs.id).toBe('ask-1');

    // Carol is nowhere: nothing reached a client of hers, so no receipt (XEP-0184 §5).
    await bobDesk.chat(carolJid, 'ask-2', 'are you there?', xml('request', { xmlns: RECEIPTS }));
    await bobDesk.chat(aliceJid, 'ask-3', 'and this one?', xml('request', { xmlns: RECEIPTS }));
    await eventually('the second receipt from alice', async () => (bobDesk.received.filter((m) => m.getChild('received', RECEIPTS)).length >= 2 ? true : undefined));
    await pause(1000);
    expect(bobDesk.received.filter((m) => m.getChild('received', RECEIPTS)).map((m) => m.getChild('received', RECEIPTS)!.attrs.id)).toEqual(['ask-1', 'ask-3']);
  });

  it('catch-up resumes from any event a client saw: a typing notice, a read marker, a presence change', async () => {
    const [alice, bob] = await registerUsers('alice', 'bob');
    const [aliceJid, bobJid] = [`${alice}@${DOMAIN}`, `${bob}@${DOMAIN}`];
    const conversationId = `dm:${aliceJid}|${bobJid}`;
    const aliceWeb = await service.web(alice);
    await aliceWeb.request('watch-presence', { jids: [bobJid] });
    const bobDesk = await service.desktop(bob, 'gajim');
    const presence = await eventually('bob online', async () => aliceWeb.of('presence').find((p) => p.jid === bobJid && p.show === 'available'));

    await bobDesk.send(xml('message', { to: aliceJid, type: 'chat', id: 't-1' }, xml('composing', { xmlns: CHAT_STATES })));
    const typing = await eventually('bob typing', async () => aliceWeb.of('chatstate').find((e) => e.from === bobJid));
    await bobDesk.chat(aliceJid, 'm-1', 'first');
    const [first] = await aliceWeb.waitFor('message', 1);
    await aliceWeb.request('mark-read', { conversationId, messageId: first.messageId });
    const read = await eventually('read marker', async () => aliceWeb.of('read').find((r) => r.reader === aliceJid));
    await bobDesk.chat(aliceJid, 'm-2', 'second');
    await aliceWeb.waitFor('message', 2);

    const bodiesSince = async (since: unknown) => {
      const answer = (await aliceWeb.request('catch-up', { since })) as { activities?: Array<{ object: { content?: string } }>; error?: string };
      expect(answer.error).toBeUndefined();
      return answer.activities!.map((a) => a.object.content);
    };
    expect(await bodiesSince(typing.id)).toEqual(['first', 'second']);
    expect(await bodiesSince(read.id)).toEqual(['second']);
    expect(await bodiesSince(presence.id)).toEqual(expect.arrayContaining(['first', 'second']));
    expect(await aliceWeb.request('catch-up', { since: 'state_bogus' })).toMatchObject({ error: 'bad-request' });
    expect(await aliceWeb.request('catch-up', { since: `read_msg_${'A'.repeat(22)}_someone@else` })).toMatchObject({ error: 'not-found' });
  });
});
