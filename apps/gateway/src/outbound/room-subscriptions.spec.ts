import type { BareJid } from '@chat/domain';
import { roomConversation } from '@chat/domain';
import type { ConversationRepository } from '@chat/persistence';
import type { EjabberdAdminApi } from '@chat/xmpp';
import { RoomSubscriptions } from './room-subscriptions';

type ConversationMember = NonNullable<Awaited<ReturnType<ConversationRepository['member']>>>;

/** ejabberd's MUC/Sub command: records each subscription and refuses a nick someone else already holds. */
class FakeEjabberd implements Pick<EjabberdAdminApi, 'subscribeRoom'> {
  readonly calls: string[] = [];
  readonly takenNicks = new Set<string>();
  failing = false;

  async subscribeRoom(user: string, nick: string, room: string): Promise<void> {
    this.calls.push(`${user} as ${nick} in ${room}`);
    if (this.failing) throw new Error('connect ECONNREFUSED');
    if (this.takenNicks.has(nick)) throw new Error('That nickname is registered by another person');
  }
}

class InMemoryMembers implements Pick<ConversationRepository, 'member' | 'ensureMembers'> {
  readonly nicks = new Map<string, string | undefined>();

  async member(conversationId: string, jid: string): Promise<ConversationMember | undefined> {
    const key = `${conversationId}|${jid}`;
    return this.nicks.has(key) ? { jid: jid as BareJid, nick: this.nicks.get(key), unread: 0 } : undefined;
  }

  async ensureMembers(entries: Array<{ conversationId: string; jid: string; nick?: string }>): Promise<void> {
    for (const e of entries) this.nicks.set(`${e.conversationId}|${e.jid}`, e.nick);
  }
}

const alice = 'alice@localhost' as BareJid;
const room = 'team@conference.localhost' as BareJid;
const member = `${roomConversation(room).id}|${alice}`;

function setUp() {
  const ejabberd = new FakeEjabberd();
  const members = new InMemoryMembers();
  return { subscriptions: new RoomSubscriptions(ejabberd as unknown as EjabberdAdminApi, members as unknown as ConversationRepository), ejabberd, members };
}

describe('RoomSubscriptions', () => {
  it('subscribes a web user under the local part of their JID and remembers that nick as theirs', async () => {
    const { subscriptions, ejabberd, members } = setUp();
    await subscriptions.ensure(alice, room);
    expect(ejabberd.calls).toEqual([`${alice} as alice in ${room}`]);
    expect(members.nicks.get(member)).toBe('alice');
  });

  it('keeps the nick the user already has in the room', async () => {
    const { subscriptions, ejabberd, members } = setUp();
    members.nicks.set(member, 'Al');
    await subscriptions.ensure(alice, room);
    expect(ejabberd.calls).toEqual([`${alice} as Al in ${room}`]);
    expect(members.nicks.get(member)).toBe('Al');
  });

  it('subscribes once per run', async () => {
    const { subscriptions, ejabberd } = setUp();
    await subscriptions.ensure(alice, room);
    await subscriptions.ensure(alice, room);
    expect(ejabberd.calls).toHaveLength(1);
  });

  it('takes a distinct nick when someone else holds the preferred one, and remembers that one as theirs', async () => {
    const { subscriptions, ejabberd, members } = setUp();
    ejabberd.takenNicks.add('alice');
    await subscriptions.ensure(alice, room);
    expect(ejabberd.calls).toEqual([`${alice} as alice in ${room}`, `${alice} as alice (web) in ${room}`]);
    // The taken nick stays its holder's: the mirror credits the room's copies by nick.
    expect(members.nicks.get(member)).toBe('alice (web)');
    await subscriptions.ensure(alice, room);
    expect(ejabberd.calls).toHaveLength(2);
  });

  it('passes any other failure on, and tries again on the next send', async () => {
    const { subscriptions, ejabberd } = setUp();
    ejabberd.failing = true;
    await expect(subscriptions.ensure(alice, room)).rejects.toThrow('ECONNREFUSED');
    ejabberd.failing = false;
    await subscriptions.ensure(alice, room);
    expect(ejabberd.calls).toHaveLength(2);
  });
});
