import type { BareJid } from '@chat/domain';
import { type JournalEntry, journalPosition, type JournalRecord } from '@chat/journal';
import { parseJournalBatch } from './journal-batch';

const context = { serverDomain: 'localhost', mucDomain: 'conference.localhost', componentDomain: 'chat.localhost', maxBodyLength: 100 };
const alice = 'alice@localhost' as BareJid;

// A mod_service_log copy, wrapped as ejabberd forwards it.
const copy = (inner: string) => `<message to="chat.localhost" from="localhost" id="1"><forwarded xmlns="urn:xmpp:forward:0">${inner}</forwarded></message>`;
const chat = (id: string, body: string) => copy(`<message to="bob@localhost" from="alice@localhost/gajim" type="chat" id="${id}"><body>${body}</body></message>`);
const typing = copy('<message to="bob@localhost" from="alice@localhost/gajim" type="chat" id="cs1"><composing xmlns="http://jabber.org/protocol/chatstates"/></message>');
const marker = copy('<message to="alice@localhost" from="bob@localhost/psi" type="chat" id="d1"><displayed xmlns="urn:xmpp:chat-markers:0" id="m1"/></message>');
const presence = '<presence to="chat.localhost" from="alice@localhost/gajim"><show>away</show></presence>';
const join =
  '<presence to="chat.localhost" from="team@conference.localhost/bob"><x xmlns="http://jabber.org/protocol/muc#user"><item jid="bob@localhost/psi" role="participant" affiliation="none"/></x></presence>';

// Stream ids of 2026-12-02 10:00:00 UTC onwards: the milliseconds are when the entry was journaled.
const MS = Date.UTC(2026, 11, 2, 10, 0, 0);
let sequence = 0;
function entry(record: JournalEntry['record'], ms = MS): JournalEntry {
  return { id: `${ms}-${sequence++}`, record };
}
const stanza = (xml: string, ms?: number) => entry({ kind: 'stanza', xml }, ms);

describe('parseJournalBatch', () => {
  it('sorts stanzas by what they ask of the mirror, each with its journal position', () => {
    const entries = [stanza(chat('m1', 'hello')), stanza(typing), stanza(marker), stanza(presence), stanza(join)];
    const batch = parseJournalBatch(entries, context);
    expect(batch.conversation).toEqual([{ event: expect.objectContaining({ kind: 'message', body: 'hello' }), position: journalPosition(entries[0].id) }]);
    expect(batch.chatStates).toEqual([{ event: expect.objectContaining({ kind: 'chat-state', state: 'composing' }), position: journalPosition(entries[1].id) }]);
    expect(batch.markers).toEqual([{ event: expect.objectContaining({ kind: 'displayed', of: 'm1' }), position: journalPosition(entries[2].id) }]);
    expect(batch.presence).toEqual([{ event: expect.objectContaining({ kind: 'presence', resource: 'gajim', show: 'away' }), position: journalPosition(entries[3].id) }]);
    expect(batch.occupancy).toEqual([{ kind: 'room-occupancy', room: 'team@conference.localhost', jid: 'bob@localhost', nick: 'bob', present: true }]);
    expect(batch.rejected).toEqual([]);
    expect(batch.skipped).toBe(0);
  });

  it('keeps messages, corrections and retractions in one list, in journal order', () => {
    const correction = copy(
      '<message to="bob@localhost" from="alice@localhost/gajim" type="chat" id="m2"><replace xmlns="urn:xmpp:message-correct:0" id="m1"/><body>hello!</body></message>',
    );
    const retraction = copy('<message to="bob@localhost" from="alice@localhost/gajim" type="chat" id="m3"><retract xmlns="urn:xmpp:message-retract:1" id="m1"/></message>');
    const batch = parseJournalBatch([stanza(chat('m1', 'hello')), stanza(correction), stanza(retraction)], context);
    expect(batch.conversation.map((p) => p.event.kind)).toEqual(['message', 'correction', 'retraction']);
    const positions = batch.conversation.map((p) => p.position);
    expect([...positions].sort()).toEqual(positions);
  });

  it('dates a stanza without a delay stamp at the moment it was journaled', () => {
    const batch = parseJournalBatch([stanza(chat('m1', 'hello'), MS + 1234)], context);
    expect(batch.conversation[0].event.at).toEqual(new Date(MS + 1234));
  });

  it("keeps ejabberd's session lists and web sessions among the presence stanzas, in arrival order", () => {
    const sessions = { jid: 'alice@localhost/gajim', show: 'available', priority: 0 };
    const entries = [
      entry({ kind: 'sessions', takenAt: MS - 500, sessions: [sessions] }),
      entry({ kind: 'web-session', user: alice, sessionId: 'abc', open: true, at: MS + 1 }),
      stanza(presence),
      entry({ kind: 'web-session', user: alice, sessionId: 'abc', open: false, at: MS + 2 }),
    ];
    expect(parseJournalBatch(entries, context).presence).toEqual([
      { event: { takenAt: new Date(MS - 500), sessions: [sessions] }, position: journalPosition(entries[0].id) },
      { event: { kind: 'presence', jid: alice, resource: 'web.abc', available: true, priority: 0, at: new Date(MS + 1) }, position: journalPosition(entries[1].id) },
      { event: expect.objectContaining({ kind: 'presence', resource: 'gajim' }), position: journalPosition(entries[2].id) },
      { event: { kind: 'presence', jid: alice, resource: 'web.abc', available: false, priority: 0, at: new Date(MS + 2) }, position: journalPosition(entries[3].id) },
    ]);
  });

  it('counts expected noise as skipped and sets aside what cannot be mirrored, with the reason', () => {
    const subscribe = stanza('<presence to="chat.localhost" from="alice@localhost/x" type="subscribe"/>');
    const unreadable = entry({ kind: 'unreadable', raw: '{"r":' });
    const broken = stanza('<message');
    const tooLong = stanza(chat('m9', 'x'.repeat(101)));
    const batch = parseJournalBatch([subscribe, unreadable, broken, tooLong], context);
    expect(batch.skipped).toBe(1);
    expect(batch.rejected).toEqual([
      { entry: unreadable, reason: 'unreadable journal record' },
      { entry: broken, reason: expect.stringMatching(/^unparseable stanza: /) },
      { entry: tooLong, reason: expect.stringMatching(/body/) },
    ]);
    expect(batch.conversation).toEqual([]);
  });

  it('throws on a record kind it does not know rather than dropping it', () => {
    expect(() => parseJournalBatch([entry({ kind: 'reaction' } as unknown as JournalRecord)], context)).toThrow('unknown journal record');
  });
});
