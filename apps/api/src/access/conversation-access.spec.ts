import type { ConfigService } from '@nestjs/config';
import type { ApiEnv } from '@chat/config';
import { type BareJid, directConversation, roomConversation } from '@chat/domain';
import type { ConversationRepository, MessageArchive } from '@chat/persistence';
import type { EjabberdAdminApi } from '@chat/xmpp';
import { RequestRefused } from '../requests/request-refused';
import { ConversationAccess } from './conversation-access';

// The shapes as the repositories answer them, wherever their types are declared.
type ArchivedMessage = NonNullable<Awaited<ReturnType<MessageArchive['findById']>>>;
type ConversationMember = NonNullable<Awaited<ReturnType<ConversationRepository['member']>>>;

/** Who is a member of what: the only part of the conversation repository that access control reads. */
class InMemoryConversations implements Pick<ConversationRepository, 'member' | 'conversationIdsOf'> {
  private readonly members = new Map<string, Set<BareJid>>();

  add(conversationId: string, jid: BareJid): void {
    this.members.set(conversationId, (this.members.get(conversationId) ?? new Set()).add(jid));
  }

  async member(conversationId: string, jid: string): Promise<ConversationMember | undefined> {
    return this.members.get(conversationId)?.has(jid as BareJid) ? { jid: jid as BareJid, unread: 0 } : undefined;
  }

  async conversationIdsOf(jid: string): Promise<string[]> {
    return [...this.members].filter(([, jids]) => jids.has(jid as BareJid)).map(([id]) => id);
  }
}

class InMemoryArchive implements Pick<MessageArchive, 'findById'> {
  readonly messages = new Map<string, ArchivedMessage>();

  async findById(id: string): Promise<ArchivedMessage | null> {
    return this.messages.get(id) ?? null;
  }
}

/** ejabberd's account check: answers from a set of user names, or fails like an unreachable server. */
class FakeEjabberd implements Pick<EjabberdAdminApi, 'accountExists'> {
  readonly accounts = new Set<string>();
  down = false;
  asked: string[] = [];

  async accountExists(user: string, host: string): Promise<boolean> {
    this.asked.push(`${user}@${host}`);
    await Promise.resolve();
    if (this.down) throw new Error('connect ECONNREFUSED');
    return this.accounts.has(user);
  }
}

class FixedConfig {
  constructor(private readonly values: Partial<ApiEnv>) {}

  get<K extends keyof ApiEnv>(key: K): ApiEnv[K] {
    return this.values[key] as ApiEnv[K];
  }
}

const alice = 'alice@localhost' as BareJid;
const bob = 'bob@localhost' as BareJid;
const carol = 'carol@localhost' as BareJid;
const room = 'standup@conference.localhost' as BareJid;
const dm = directConversation(alice, bob);

function setUp() {
  const conversations = new InMemoryConversations();
  const archive = new InMemoryArchive();
  const ejabberd = new FakeEjabberd();
  const config = new FixedConfig({ XMPP_DOMAIN: 'localhost', XMPP_MUC_DOMAIN: 'conference.localhost' });
  const access = new ConversationAccess(
    conversations as unknown as ConversationRepository,
    archive as unknown as MessageArchive,
    ejabberd as unknown as EjabberdAdminApi,
    config as unknown as ConfigService<ApiEnv, true>,
  );
  return { access, conversations, archive, ejabberd };
}

function message(fields: Partial<ArchivedMessage>): ArchivedMessage {
  return { id: 'm1', conversationId: dm.id, author: alice, aliases: ['c1'], body: 'hello', ...fields } as ArchivedMessage;
}

async function refusal(promise: Promise<unknown>): Promise<{ kind: string; message: string }> {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(RequestRefused);
  const { kind, message: text } = error as RequestRefused;
  return { kind, message: text };
}

describe('ConversationAccess.target', () => {
  it('sends to a user of the domain who exists, in their direct conversation', async () => {
    const { access, ejabberd } = setUp();
    ejabberd.accounts.add('bob');
    expect(await access.target(alice, 'bob@localhost')).toEqual({ conversation: dm, to: bob });
    expect(ejabberd.asked).toEqual(['bob@localhost']);
  });

  it('refuses a user ejabberd does not know', async () => {
    const { access } = setUp();
    expect(await refusal(access.target(alice, 'nobody@localhost'))).toEqual({ kind: 'not-found', message: 'to: there is no user nobody@localhost' });
  });

  it('asks ejabberd once for a burst of sends to a new peer, and not again while the answer is fresh', async () => {
    const { access, ejabberd } = setUp();
    ejabberd.accounts.add('bob');
    await Promise.all([access.target(alice, 'bob@localhost'), access.target(alice, 'bob@localhost'), access.target(carol, 'bob@localhost')]);
    await access.target(alice, 'bob@localhost');
    expect(ejabberd.asked).toEqual(['bob@localhost']);
  });

  it('asks again about a user who did not exist: an account may be created since', async () => {
    const { access, ejabberd } = setUp();
    await refusal(access.target(alice, 'bob@localhost'));
    ejabberd.accounts.add('bob');
    expect((await access.target(alice, 'bob@localhost')).to).toBe(bob);
    expect(ejabberd.asked).toHaveLength(2);
  });

  it('while ejabberd is down, accepts a peer met in this conversation and refuses a stranger as unavailable', async () => {
    const { access, conversations, ejabberd } = setUp();
    ejabberd.down = true;
    conversations.add(dm.id, bob);
    expect((await access.target(alice, 'bob@localhost')).to).toBe(bob);
    expect(await refusal(access.target(alice, 'carol@localhost'))).toMatchObject({ kind: 'unavailable' });
  });

  it('sends to a room only its members', async () => {
    const { access, conversations } = setUp();
    conversations.add(roomConversation(room).id, alice);
    expect(await access.target(alice, room)).toEqual({ conversation: roomConversation(room), to: room });
    expect(await refusal(access.target(bob, room))).toEqual({ kind: 'forbidden', message: 'you do not take part in this conversation' });
  });

  it.each([
    ['localhost', 'to: must be a user or a room JID'],
    ['bob@example.org', 'to: only users of localhost and rooms of conference.localhost are reachable'],
    ['alice@localhost', 'to: cannot send a message to yourself'],
  ])('refuses %j as a bad request', async (address, text) => {
    const { access, ejabberd } = setUp();
    ejabberd.accounts.add('alice');
    expect(await refusal(access.target(alice, address))).toEqual({ kind: 'bad-request', message: text });
    expect(ejabberd.asked).toEqual([]);
  });

  it('refuses an address that is no JID, naming the field', async () => {
    const { access } = setUp();
    expect(await refusal(access.target(alice, 'a b@localhost'))).toMatchObject({ kind: 'bad-request', message: expect.stringMatching(/^to: /) });
  });
});

describe('ConversationAccess.conversation', () => {
  it('lets both people of a direct conversation in, each towards the other', async () => {
    const { access } = setUp();
    expect(await access.conversation(alice, dm.id)).toEqual({ conversation: dm, to: bob });
    expect(await access.conversation(bob, dm.id)).toEqual({ conversation: dm, to: alice });
  });

  it('keeps a third person out of a direct conversation', async () => {
    const { access } = setUp();
    expect(await refusal(access.conversation(carol, dm.id))).toMatchObject({ kind: 'forbidden' });
  });

  it('refuses a direct conversation id not in canonical order', async () => {
    const { access } = setUp();
    expect(await refusal(access.conversation(alice, `dm:${bob}|${alice}`))).toEqual({
      kind: 'bad-request',
      message: 'conversationId: not a canonical conversation id',
    });
  });

  it('lets room members in, and no one else', async () => {
    const { access, conversations } = setUp();
    const ref = roomConversation(room);
    conversations.add(ref.id, bob);
    expect(await access.conversation(bob, ref.id)).toEqual({ conversation: ref, to: room });
    expect(await refusal(access.conversation(alice, ref.id))).toMatchObject({ kind: 'forbidden' });
  });
});

describe('ConversationAccess.message and ownMessage', () => {
  it('finds a message of a conversation the user takes part in', async () => {
    const { access, archive } = setUp();
    archive.messages.set('m1', message({}));
    expect(await access.message(bob, 'm1')).toEqual({ message: message({}), target: { conversation: dm, to: alice } });
    expect(await refusal(access.message(carol, 'm1'))).toMatchObject({ kind: 'forbidden' });
    expect(await refusal(access.message(alice, 'm2'))).toEqual({ kind: 'not-found', message: 'no such message' });
  });

  it('lets only the author change a message, and not once it is retracted', async () => {
    const { access, archive } = setUp();
    archive.messages.set('m1', message({}));
    archive.messages.set('m2', message({ id: 'm2', retractedAt: new Date() }));
    expect((await access.ownMessage(alice, 'm1')).message.id).toBe('m1');
    expect(await refusal(access.ownMessage(bob, 'm1'))).toEqual({ kind: 'forbidden', message: 'only the author may change a message' });
    expect(await refusal(access.ownMessage(alice, 'm2'))).toEqual({ kind: 'bad-request', message: 'the message was retracted' });
  });

  it('lists the conversations the user is a member of', async () => {
    const { access, conversations } = setUp();
    conversations.add(dm.id, alice);
    conversations.add(roomConversation(room).id, alice);
    conversations.add(roomConversation(room).id, bob);
    expect(await access.conversationIds(alice)).toEqual([dm.id, roomConversation(room).id]);
    expect(await access.conversationIds(carol)).toEqual([]);
  });
});
