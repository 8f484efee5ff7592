import { parse } from 'ltx';
import { conversationEventId, type ConversationEvent } from '@chat/domain';
import { type ParseContext, type ParseOutcome, parseRoutedStanza } from './routed-stanza.parser';

const now = new Date('2026-11-23T10:00:00.000Z');
const context: ParseContext = {
  serverDomain: 'localhost',
  mucDomain: 'conference.localhost',
  componentDomain: 'chat.localhost',
  maxBodyLength: 1000,
  now,
};

// Wrapped exactly as ejabberd 23.01's mod_service_log forwards them (captured from a real server).
const copy = (inner: string) => `<message to="chat.localhost" from="localhost" id="1"><forwarded xmlns="urn:xmpp:forward:0">${inner}</forwarded></message>`;
const run = (xml: string): ParseOutcome => parseRoutedStanza(parse(xml), context);
const events = (xml: string) => {
  const outcome = run(xml);
  if (!('events' in outcome)) throw new Error(`expected events, got ${JSON.stringify(outcome)}`);
  return outcome.events;
};

describe('parseRoutedStanza: direct chat', () => {
  const chat = copy(
    '<message xml:lang="en" to="bob@localhost" from="alice@localhost/gajim" type="chat" id="m1" xmlns="jabber:client">' +
      '<origin-id xmlns="urn:xmpp:sid:0" id="o-m1"/><active xmlns="http://jabber.org/protocol/chatstates"/><body>hello bob</body></message>',
  );

  it('mirrors a chat message with its author, peer and ids', () => {
    expect(events(chat)).toEqual([
      {
        kind: 'message',
        messageType: 'chat',
        conversation: { type: 'Conversation', id: 'dm:alice@localhost|bob@localhost', kind: 'direct' },
        author: { jid: 'alice@localhost' },
        to: 'bob@localhost',
        clientId: 'o-m1',
        aliases: ['m1', 'o-m1'],
        body: 'hello bob',
        at: now,
      },
    ]);
  });

  it('keeps the time of a delayed (offline) delivery', () => {
    const delayed = chat.replace('<body>', '<delay xmlns="urn:xmpp:delay" stamp="2026-11-22T08:00:00Z"/><body>');
    expect(events(delayed)[0]).toMatchObject({ at: new Date('2026-11-22T08:00:00Z') });
  });

  it('turns a body-less chat state into a live typing event', () => {
    const typing = copy('<message to="bob@localhost" from="alice@localhost/gajim" type="chat" id="cs1"><composing xmlns="http://jabber.org/protocol/chatstates"/></message>');
    expect(events(typing)).toEqual([expect.objectContaining({ kind: 'chat-state', from: 'alice@localhost', to: 'bob@localhost', state: 'composing' })]);
  });

  it('reads a correction (XEP-0308) as such, not as a new message', () => {
    const correction = copy(
      '<message to="bob@localhost" from="alice@localhost/gajim" type="chat" id="m2"><replace xmlns="urn:xmpp:message-correct:0" id="m1"/><body>hello bob!</body></message>',
    );
    expect(events(correction)).toEqual([expect.objectContaining({ kind: 'correction', replaces: 'm1', body: 'hello bob!', clientId: 'm2' })]);
  });

  it('reads a retraction (XEP-0424), current and legacy, despite its fallback body', () => {
    const retraction = copy(
      '<message to="bob@localhost" from="alice@localhost/gajim" type="chat" id="r1"><retract xmlns="urn:xmpp:message-retract:1" id="o-m1"/>' +
        '<store xmlns="urn:xmpp:hints"/><body>This person attempted to retract a previous message</body></message>',
    );
    expect(events(retraction)).toEqual([expect.objectContaining({ kind: 'retraction', retracts: 'o-m1' })]);
    const legacy = copy(
      '<message to="bob@localhost" from="alice@localhost/gajim" type="chat" id="r2"><apply-to xmlns="urn:xmpp:fasten:0" id="m1"><retract xmlns="urn:xmpp:message-retract:0"/></apply-to></message>',
    );
    expect(events(legacy)).toEqual([expect.objectContaining({ kind: 'retraction', retracts: 'm1' })]);
  });

  it('ignores unknown extensions and still mirrors the message', () => {
    const extended = chat.replace('<body>', '<x xmlns="urn:example:unknown"><deep a="1"/></x><body>');
    expect(events(extended)[0]).toMatchObject({ kind: 'message', body: 'hello bob' });
  });

  it.each([
    ['an error bounce', copy('<message to="alice@localhost/gajim" from="bob@localhost" type="error" id="cs1"><error type="cancel"/></message>')],
    ['a carbon', copy('<message to="alice@localhost/phone" from="alice@localhost" type="chat"><sent xmlns="urn:xmpp:carbons:2"/></message>')],
    ['an archive result', copy('<message to="alice@localhost/x" from="alice@localhost"><result xmlns="urn:xmpp:mam:2"/></message>')],
    ['a presence copy', copy('<presence to="alice@localhost" from="alice@localhost/gajim"/>')],
    ['a message to the component', copy('<message to="chat.localhost" from="alice@localhost/x" type="chat" id="1"><body>x</body></message>')],
  ])('skips %s', (_what, xml) => {
    expect(run(xml)).toHaveProperty('skip');
  });
});

describe('parseRoutedStanza: displayed markers (XEP-0333)', () => {
  it('reads a marker as the reader having seen the message the author called by that id', () => {
    const marker = copy(
      '<message to="alice@localhost" from="bob@localhost/conversations" type="chat" id="d1" xmlns="jabber:client">' +
        '<displayed xmlns="urn:xmpp:chat-markers:0" id="m7"/><store xmlns="urn:xmpp:hints"/></message>',
    );
    expect(events(marker)).toEqual([
      {
        kind: 'displayed',
        conversation: { type: 'Conversation', id: 'dm:alice@localhost|bob@localhost', kind: 'direct' },
        reader: 'bob@localhost',
        to: 'alice@localhost',
        of: 'm7',
        at: now,
      },
    ]);
  });

  it("skips a room's reflection of a marker, which names the reader by nick only", () => {
    const reflected = copy(
      '<message to="alice@localhost/web" from="team@conference.localhost/bob" type="groupchat" id="d2" xmlns="jabber:client">' +
        '<displayed xmlns="urn:xmpp:chat-markers:0" id="m8"/></message>',
    );
    expect(run(reflected)).toEqual({ skip: 'message without body' });
  });
});

describe('parseRoutedStanza: rooms', () => {
  const sent = copy('<message to="team@conference.localhost" from="alice@localhost/gajim" type="groupchat" id="g1"><body>hi team</body></message>');
  const reflected = copy(
    '<message to="bob@localhost/psi" from="team@conference.localhost/alice" type="groupchat" id="g1">' +
      '<stanza-id by="team@conference.localhost" id="1795396844954892" xmlns="urn:xmpp:sid:0"/><body>hi team</body></message>',
  );

  it('takes the real author from the sender copy and the nick from a reflection, under one id', () => {
    const [fromSender] = events(sent) as ConversationEvent[];
    const [fromReflection] = events(reflected) as ConversationEvent[];
    expect(fromSender).toMatchObject({ conversation: { id: 'room:team@conference.localhost', kind: 'room' }, author: { jid: 'alice@localhost' } });
    expect(fromReflection).toMatchObject({ author: { occupant: 'team@conference.localhost/alice' }, aliases: ['g1', '1795396844954892'] });
    expect(conversationEventId(fromSender)).toBe(conversationEventId(fromReflection));
  });

  it('skips the subject the room sends on join', () => {
    expect(run(copy('<message to="alice@localhost/gajim" from="team@conference.localhost" type="groupchat"><subject/></message>'))).toHaveProperty('skip');
  });

  it('learns occupants from room presences that reveal the real JID', () => {
    const join =
      '<presence to="chat.localhost" from="team@conference.localhost/bob"><x xmlns="http://jabber.org/protocol/muc#user"><item jid="bob@localhost/psi" role="participant" affiliation="none"/></x></presence>';
    expect(events(join)).toEqual([{ kind: 'room-occupancy', room: 'team@conference.localhost', jid: 'bob@localhost', nick: 'bob', present: true }]);
    expect(
      run('<presence to="chat.localhost" from="team@conference.localhost/x" type="unavailable"><x xmlns="http://jabber.org/protocol/muc#user"><item role="none"/></x></presence>'),
    ).toHaveProperty('skip');
  });
});

describe('parseRoutedStanza: presence', () => {
  it('reads show, status and priority of a resource', () => {
    const presence = '<presence xml:lang="en" to="chat.localhost" from="alice@localhost/gajim"><priority>5</priority><show>away</show><status>lunch</status></presence>';
    expect(events(presence)).toEqual([{ kind: 'presence', jid: 'alice@localhost', resource: 'gajim', available: true, show: 'away', status: 'lunch', priority: 5, at: now }]);
  });

  it('reads an unavailable presence and clamps a silly priority', () => {
    expect(events('<presence to="chat.localhost" from="alice@localhost/x" type="unavailable"/>')[0]).toMatchObject({ available: false });
    expect(events('<presence to="chat.localhost" from="alice@localhost/x"><priority>9999</priority></presence>')[0]).toMatchObject({ priority: 127 });
  });

  it('skips subscriptions and probes', () => {
    expect(run('<presence to="chat.localhost" from="alice@localhost/x" type="subscribe"/>')).toHaveProperty('skip');
  });
});

describe('parseRoutedStanza: hostile input', () => {
  it.each([
    ['a copy without from', copy('<message to="bob@localhost" type="chat" id="x"><body>hi</body></message>'), /without a 'from'/],
    ['a copy without to', copy('<message from="alice@localhost/x" type="chat" id="x"><body>hi</body></message>'), /without a 'to'/],
    ['a huge body', copy(`<message to="bob@localhost" from="alice@localhost/x" type="chat" id="x"><body>${'a'.repeat(1001)}</body></message>`), /exceeds/],
    ['an invalid JID', copy('<message to="b&quot;ob@localhost" from="alice@localhost/x" type="chat" id="x"><body>hi</body></message>'), /invalid JID/],
    [
      'a forged service-log copy',
      '<message to="chat.localhost" from="mallory@localhost/x"><forwarded xmlns="urn:xmpp:forward:0"><message to="bob@localhost" from="alice@localhost/x" type="chat" id="1"><body>x</body></message></forwarded></message>',
      /not the server/,
    ],
    ['a huge id', copy(`<message to="bob@localhost" from="alice@localhost/x" type="chat" id="${'i'.repeat(300)}"><body>hi</body></message>`), /stanza id/],
  ])('rejects %s', (_what, xml, reason) => {
    expect(run(xml)).toEqual({ reject: expect.stringMatching(reason) });
  });

  it('never sees a document with entity declarations: the parser refuses it', () => {
    expect(() => parse('<!DOCTYPE m [<!ENTITY boom "x">]><message>&boom;</message>')).toThrow();
  });
});
