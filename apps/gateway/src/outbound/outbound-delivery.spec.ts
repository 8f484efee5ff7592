import { describe, expect, it } from '@jest/globals';
import type { ConfigService } from '@nestjs/config';
import type { GatewayEnv } from '@chat/config';
import { toBareJid, type OutboundStanza } from '@chat/domain';
import type { ActivityRepository, MessageArchive } from '@chat/persistence';
import type { InboundJournal } from '@chat/journal';
import { OutboundDelivery } from './outbound-delivery';
import type { OutboundLink } from './outbound-link';
import type { RoomSubscriptions } from './room-subscriptions';
import type { SentStanzaMarks } from './sent-stanza-marks';
import { ServerEchoes } from './server-echoes';
import type { XmppComponentConnection } from '@chat/xmpp';

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

function delivery(marks: FakeMarks, archived = false) {
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

  it('takes a job that ran before and whose message is archived as sent', async () => {
    expect(await delivery(new FakeMarks(), true).prepare({ id: 'job-1', stanza, ranBefore: true }, never)).toBe('sent before');
  });
});
