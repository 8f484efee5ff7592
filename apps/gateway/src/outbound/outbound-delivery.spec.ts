import { describe, expect, it, jest } from '@jest/globals';
import type { ConfigService } from '@nestjs/config';
import { UnrecoverableError } from 'bullmq';
import type { GatewayEnv } from '@chat/config';
import { outboundActivityId, toBareJid, type OutboundStanza } from '@chat/domain';
import type { ActivityRepository, MessageArchive } from '@chat/persistence';
import type { InboundJournal } from '@chat/journal';
import { OutboundDelivery } from './outbound-delivery';
import type { OutboundLink } from './outbound-link';
import type { RoomSubscriptions } from './room-subscriptions';
import type { SentStanzaMarks } from './sent-stanza-marks';
import { ServerEchoes } from './server-echoes';
import { type EjabberdArchive, serviceLogCopy, userMessage, type XmppComponentConnection } from '@chat/xmpp';

/** In-memory marks: which job ids went out. */
class FakeMarks {
  readonly sent = new Set<string>();
  async has(id: string) {
    return this.sent.has(id);
  }
  async addAll(ids: string[]) {
    ids.forEach((id) => this.sent.add(id));
  }
}

class FakeJournal {
  readonly appended: unknown[] = [];
  async appendAll(records: unknown[]) {
    this.appended.push(...records);
  }
}

const settings: Record<string, unknown> = { XMPP_COMPONENT_DOMAIN: 'chat.localhost', XMPP_DOMAIN: 'localhost', XMPP_MAX_STANZA_BYTES: 65_536 };
const config = { get: (key: string) => settings[key] } as unknown as ConfigService<GatewayEnv, true>;

/** ejabberd's own archive, holding the stanza ids it routed and when (ms). */
class FakeEjabberdArchive {
  readonly routed = new Map<string, number>();
  async holdsStanza(id: string, sinceMs: number) {
    return (this.routed.get(id) ?? -Infinity) >= sinceMs;
  }
}

function delivery(marks: FakeMarks, archived = false, ejabberd = new FakeEjabberdArchive()) {
  const archive = { findById: async () => (archived ? { _id: 'x' } : null) } as unknown as MessageArchive;
  const activities = { findById: async () => null } as unknown as ActivityRepository;
  return new OutboundDelivery(
    {} as OutboundLink,
    marks as unknown as SentStanzaMarks,
    new ServerEchoes({} as XmppComponentConnection),
    new FakeJournal() as unknown as InboundJournal,
    {} as RoomSubscriptions,
    archive,
    activities,
    config,
    ejabberd as unknown as EjabberdArchive,
  );
}

const stanza: OutboundStanza = {
  kind: 'message',
  stanzaId: 'web-1',
  body: 'hello',
  from: toBareJid('alice@localhost'),
  to: toBareJid('bob@localhost'),
  conversationKind: 'direct',
};

describe('OutboundDelivery.prepare', () => {
  const never = new AbortController().signal;

  it('prepares a job that never went out', async () => {
    const prepared = await delivery(new FakeMarks()).prepare({ id: 'job-1', stanza, ranBefore: false }, never);
    expect(prepared).not.toBe('sent before');
  });

  it('never sends again a job marked sent, even when BullMQ does not count it as having run (a stalled job)', async () => {
    const marks = new FakeMarks();
    marks.sent.add('job-1');
    expect(await delivery(marks).prepare({ id: 'job-1', stanza, ranBefore: false }, never)).toBe('sent before');
  });

  it("takes a job that ran before as sent when only ejabberd's own archive has it (the sender died before recording)", async () => {
    const ejabberd = new FakeEjabberdArchive();
    ejabberd.routed.set('web-1', 1_000_000);
    expect(await delivery(new FakeMarks(), false, ejabberd).prepare({ id: 'job-1', stanza, ranBefore: true, queuedAt: 1_000_000 }, never)).toBe('sent before');
    // Not there: sent again.
    expect(await delivery(new FakeMarks(), false, new FakeEjabberdArchive()).prepare({ id: 'job-1', stanza, ranBefore: true, queuedAt: 1_000_000 }, never)).not.toBe('sent before');
  });

  it('takes a job that ran before and whose message is archived as sent', async () => {
    expect(await delivery(new FakeMarks(), true).prepare({ id: 'job-1', stanza, ranBefore: true }, never)).toBe('sent before');
  });
});

/** A send with every port in memory: the link ready (or not), rooms that accept (or refuse), what was recorded. */
class FakeLink {
  readyCalls = 0;
  async whenReady(): Promise<void> {
    this.readyCalls += 1;
  }
}

class FakeRooms {
  readonly subscribed: string[] = [];
  refusals = 0;
  async ensure(user: string, room: string): Promise<void> {
    if (this.refusals-- > 0) throw new Error('ejabberd answered 500');
    this.subscribed.push(`${user} in ${room}`);
  }
}

class FakeEchoes {
  readonly ids = new Set<string>();
  has(id: string): boolean {
    return this.ids.has(id);
  }
}

class FakeLookups {
  readonly ids = new Set<string>();
  asked: string[] = [];
  async findById(id: string) {
    this.asked.push(id);
    return this.ids.has(id) ? { id } : null;
  }
}

function fullDelivery() {
  const ports = {
    link: new FakeLink(),
    marks: new FakeMarks(),
    echoes: new FakeEchoes(),
    journal: new FakeJournal(),
    rooms: new FakeRooms(),
    archive: new FakeLookups(),
    activities: new FakeLookups(),
  };
  const subject = new OutboundDelivery(
    ports.link as unknown as OutboundLink,
    ports.marks as unknown as SentStanzaMarks,
    ports.echoes as unknown as ServerEchoes,
    ports.journal as unknown as InboundJournal,
    ports.rooms as unknown as RoomSubscriptions,
    ports.archive as unknown as MessageArchive,
    ports.activities as unknown as ActivityRepository,
    config,
  );
  return { subject, ...ports };
}

const roomJid = toBareJid('team@conference.localhost');
const inRoom: OutboundStanza = { ...stanza, to: roomJid, conversationKind: 'room' };

describe('OutboundDelivery: what can never go out', () => {
  const never = new AbortController().signal;

  it('refuses text XML cannot carry, for good and before asking anything', async () => {
    const { subject, link } = fullDelivery();
    const error = await subject.prepare({ id: 'job-1', stanza: { ...stanza, body: 'a\u0000b' }, ranBefore: false }, never).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(UnrecoverableError);
    expect((error as Error).message).toMatch(/^not sent: the text of <body> holds .*which XML cannot carry$/);
    expect(link.readyCalls).toBe(0);
  });

  it('refuses a stanza larger than the server accepts', async () => {
    const { subject } = fullDelivery();
    const error = await subject.prepare({ id: 'job-1', stanza: { ...stanza, body: 'x'.repeat(70_000) }, ranBefore: false }, never).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(UnrecoverableError);
    expect((error as Error).message).toMatch(/^not sent: the stanza would be \d+ bytes, more than the server accepts \(65536\)$/);
  });
});

describe('OutboundDelivery: a send in doubt', () => {
  const never = new AbortController().signal;

  it('takes a job that ran before and that the server copied back as sent, and records it', async () => {
    const { subject, echoes, marks, journal } = fullDelivery();
    echoes.ids.add('web-1');
    expect(await subject.prepare({ id: 'job-1', stanza, ranBefore: true }, never)).toBe('sent before');
    expect([...marks.sent]).toEqual(['job-1']);
    expect(journal.appended).toHaveLength(1);
  });

  it('asks the archive only about a job that ran before', async () => {
    const { subject, archive } = fullDelivery();
    archive.ids.add(outboundActivityId(stanza)!);
    expect(await subject.prepare({ id: 'job-1', stanza, ranBefore: false }, never)).not.toBe('sent before');
    expect(archive.asked).toEqual([]);
  });

  it('looks a message up in the archive and an edit in the activity stream', async () => {
    const { subject, archive, activities } = fullDelivery();
    const correction: OutboundStanza = { ...stanza, kind: 'correction', stanzaId: 'web-2', replaces: 'web-1', body: 'hello!' };
    activities.ids.add(outboundActivityId(correction)!);
    expect(await subject.mirrored(correction)).toBe(true);
    expect(await subject.mirrored(stanza)).toBe(false);
    expect(archive.asked).toEqual([outboundActivityId(stanza)]);
    expect(activities.asked).toEqual([outboundActivityId(correction)]);
    expect(await subject.mirrored({ ...stanza, kind: 'displayed', stanzaId: 'web-3', of: 'm1' })).toBe(false);
  });
});

describe('OutboundDelivery: rooms', () => {
  const never = new AbortController().signal;

  it('subscribes the sender to the room once the link is up, but not for a typing notice', async () => {
    const { subject, link, rooms } = fullDelivery();
    await subject.prepare({ id: 'job-1', stanza: inRoom, ranBefore: false }, never);
    await subject.prepare({ id: 'job-2', stanza: { ...inRoom, kind: 'chat-state', state: 'composing' }, ranBefore: false }, never);
    expect(rooms.subscribed).toEqual([`alice@localhost in ${roomJid}`]);
    expect(link.readyCalls).toBe(1);
  });

  it('tries a refused subscription three more times, waiting longer each time, then fails the send alone', async () => {
    jest.useFakeTimers();
    try {
      const { subject, rooms } = fullDelivery();
      rooms.refusals = 4;
      const outcome = subject.prepare({ id: 'job-1', stanza: inRoom, ranBefore: false }, never).catch((e: unknown) => e);
      await jest.advanceTimersByTimeAsync(250 + 1000 + 3000 - 1);
      expect(rooms.refusals).toBe(1);
      await jest.advanceTimersByTimeAsync(1);
      const error = await outcome;
      expect(error).toBeInstanceOf(UnrecoverableError);
      expect((error as Error).message).toBe('not sent: the room subscription failed 4 times (ejabberd answered 500)');
    } finally {
      jest.useRealTimers();
    }
  });

  it('sends once a retried subscription goes through', async () => {
    jest.useFakeTimers();
    try {
      const { subject, rooms } = fullDelivery();
      rooms.refusals = 2;
      const outcome = subject.prepare({ id: 'job-1', stanza: inRoom, ranBefore: false }, never);
      await jest.advanceTimersByTimeAsync(1250);
      expect(await outcome).toHaveProperty('envelope');
      expect(rooms.subscribed).toHaveLength(1);
    } finally {
      jest.useRealTimers();
    }
  });
});

describe('OutboundDelivery.record', () => {
  it('marks every send but typing notices, and journals a service-log copy of every send but receipts', async () => {
    const { subject, marks, journal } = fullDelivery();
    const typing: OutboundStanza = { ...stanza, kind: 'chat-state', state: 'composing' };
    const receipt: OutboundStanza = { ...stanza, kind: 'receipt', stanzaId: 'web-r', of: 'm1', toResource: 'gajim' };
    await subject.record([
      { job: { id: 'job-1', stanza, ranBefore: false }, message: userMessage(stanza) },
      { job: { id: 'job-2', stanza: typing, ranBefore: false }, message: userMessage(typing) },
      { job: { id: 'job-3', stanza: receipt, ranBefore: false }, message: userMessage(receipt) },
    ]);
    expect([...marks.sent]).toEqual(['job-1', 'job-3']);
    expect(journal.appended).toEqual([
      { kind: 'stanza', xml: serviceLogCopy(userMessage(stanza), 'chat.localhost', 'localhost').toString() },
      { kind: 'stanza', xml: serviceLogCopy(userMessage(typing), 'chat.localhost', 'localhost').toString() },
    ]);
  });
});
