import type { ConfigService } from '@nestjs/config';
import type { ApiEnv } from '@chat/config';
import { type BareJid, roomConversation } from '@chat/domain';
import type { ConversationRepository } from '@chat/persistence';
import type { EjabberdAdminApi } from '@chat/xmpp';
import type { RateBucket, RateLimits } from '../limits/rate-limits';
import { RequestRefused } from '../requests/request-refused';
import { RoomMembership } from './room-membership.service';

type RoomPolicy = NonNullable<Awaited<ReturnType<EjabberdAdminApi['roomPolicy']>>>;
type ConversationMember = NonNullable<Awaited<ReturnType<ConversationRepository['member']>>>;

/** ejabberd's room commands: each room's options and affiliations, or an unreachable server. */
class FakeEjabberd implements Pick<EjabberdAdminApi, 'roomPolicy' | 'roomAffiliation'> {
  readonly rooms = new Map<string, RoomPolicy & { affiliations?: Record<string, string> }>();
  down = false;

  async roomPolicy(room: string): Promise<RoomPolicy | undefined> {
    if (this.down) throw new Error('connect ECONNREFUSED');
    const found = this.rooms.get(room);
    return found && { membersOnly: found.membersOnly, passwordProtected: found.passwordProtected, allowSubscription: found.allowSubscription };
  }

  async roomAffiliation(room: string, jid: string): Promise<string> {
    return this.rooms.get(room)?.affiliations?.[jid] ?? 'none';
  }
}

class InMemoryMembers implements Pick<ConversationRepository, 'member' | 'ensureMembers'> {
  readonly members = new Set<string>();

  async member(conversationId: string, jid: string): Promise<ConversationMember | undefined> {
    return this.members.has(`${conversationId}|${jid}`) ? { jid: jid as BareJid, unread: 0 } : undefined;
  }

  async ensureMembers(entries: Array<{ conversationId: string; jid: string }>): Promise<void> {
    for (const e of entries) this.members.add(`${e.conversationId}|${e.jid}`);
  }
}

class CountingLimits implements Pick<RateLimits, 'consume'> {
  readonly spent: string[] = [];
  async consume(bucket: RateBucket, user: string): Promise<void> {
    this.spent.push(`${bucket}:${user}`);
  }
}

class FixedConfig {
  get(): string {
    return 'conference.localhost';
  }
}

const alice = 'alice@localhost' as BareJid;
const open = 'lobby@conference.localhost';
const openPolicy: RoomPolicy = { membersOnly: false, passwordProtected: false, allowSubscription: true };

function setUp() {
  const ejabberd = new FakeEjabberd();
  const members = new InMemoryMembers();
  const limits = new CountingLimits();
  const membership = new RoomMembership(
    ejabberd as unknown as EjabberdAdminApi,
    members as unknown as ConversationRepository,
    limits as unknown as RateLimits,
    new FixedConfig() as unknown as ConfigService<ApiEnv, true>,
  );
  return { membership, ejabberd, members, limits };
}

async function refusal(promise: Promise<unknown>): Promise<{ kind: string; message: string }> {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(RequestRefused);
  return { kind: (error as RequestRefused).kind, message: (error as RequestRefused).message };
}

describe('RoomMembership.join', () => {
  it('makes a web user a member of an open room, counted against the send budget', async () => {
    const { membership, ejabberd, members, limits } = setUp();
    ejabberd.rooms.set(open, openPolicy);
    expect(await membership.join(alice, { room: open })).toEqual({ conversationId: `room:${open}`, joined: true });
    expect(members.members.has(`${roomConversation(open as BareJid).id}|${alice}`)).toBe(true);
    expect(limits.spent).toEqual(['send:alice@localhost']);
  });

  it('answers a member at once, without asking ejabberd', async () => {
    const { membership, ejabberd, members } = setUp();
    members.members.add(`room:${open}|${alice}`);
    ejabberd.down = true;
    expect(await membership.join(alice, { room: open })).toEqual({ conversationId: `room:${open}`, joined: true });
  });

  it("lets into a members-only room only the room's owners, admins and members", async () => {
    const { membership, ejabberd } = setUp();
    const team = 'team@conference.localhost';
    ejabberd.rooms.set(team, { ...openPolicy, membersOnly: true, affiliations: { [alice]: 'member', 'bob@localhost': 'outcast' } });
    expect((await membership.join(alice, { room: team })).joined).toBe(true);
    expect(await refusal(membership.join('bob@localhost' as BareJid, { room: team }))).toEqual({ kind: 'forbidden', message: 'room: members only' });
    expect(await refusal(membership.join('carol@localhost' as BareJid, { room: team }))).toMatchObject({ kind: 'forbidden' });
  });

  it.each([
    [{ ...openPolicy, passwordProtected: true }, 'room: password-protected rooms cannot be joined from the web'],
    [{ ...openPolicy, allowSubscription: false }, 'room: this room does not accept web members (MUC/Sub is off)'],
  ])('refuses a room the web cannot join (%j)', async (policy, message) => {
    const { membership, ejabberd, members } = setUp();
    ejabberd.rooms.set(open, policy);
    expect(await refusal(membership.join(alice, { room: open }))).toEqual({ kind: 'forbidden', message });
    expect(members.members.size).toBe(0);
  });

  it('refuses a room that does not exist, one of another service, and answers unavailable while ejabberd is down', async () => {
    const { membership, ejabberd } = setUp();
    expect(await refusal(membership.join(alice, { room: 'nowhere@conference.localhost' }))).toEqual({
      kind: 'not-found',
      message: 'room: there is no room nowhere@conference.localhost',
    });
    expect(await refusal(membership.join(alice, { room: 'lobby@localhost' }))).toEqual({ kind: 'bad-request', message: 'room: must be a room of conference.localhost' });
    expect(await refusal(membership.join(alice, { room: 'conference.localhost' }))).toMatchObject({ kind: 'bad-request' });
    ejabberd.down = true;
    expect(await refusal(membership.join(alice, { room: open }))).toMatchObject({ kind: 'unavailable' });
  });
});
