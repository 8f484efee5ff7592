import { Test, type TestingModule } from '@nestjs/testing';
import { getConnectionToken } from '@nestjs/mongoose';
import type { Connection } from 'mongoose';
import type { Activity } from '@chat/domain';

const noteOf = (a: Activity | null) => (a?.object.type === 'Note' ? a.object.content : undefined);
import { isolatedStores } from './support/apps';

describe('activity store on the MongoDB-wire server', () => {
  let moduleRef: TestingModule;
  let ActivityRepositoryClass: typeof import('@chat/persistence').ActivityRepository;

  const activity = (id: string): Activity => ({
    id,
    type: 'Create',
    actor: 'alice@localhost',
    object: { type: 'Note', id: `${id}#note`, content: 'Bonjour Bob, ça va ? 안녕하세요 👋' },
    target: { type: 'Conversation', id: 'dm:alice@localhost|bob@localhost', kind: 'direct' },
    published: new Date('2026-11-23T10:00:00.000Z'),
    position: '001795396844954-000001',
  });

  beforeAll(async () => {
    Object.assign(process.env, isolatedStores('store'));
    const { appConfigModule, workerEnvSchema } = await import('@chat/config');
    const persistence = await import('@chat/persistence');
    ActivityRepositoryClass = persistence.ActivityRepository;
    moduleRef = await Test.createTestingModule({
      imports: [appConfigModule(workerEnvSchema), persistence.PersistenceModule],
    }).compile();
    await moduleRef.init();
  });

  afterAll(async () => {
    await moduleRef?.get<Connection>(getConnectionToken()).dropDatabase();
    await moduleRef?.close();
  });

  it('reads back a document written through the mongoose model, unchanged', async () => {
    const repository = moduleRef.get(ActivityRepositoryClass);
    expect(await repository.append(activity('act-1'))).toBe(true);
    expect(await repository.findById('act-1')).toEqual(activity('act-1'));
  });

  it('refuses a second activity with the same id in the database itself', async () => {
    const repository = moduleRef.get(ActivityRepositoryClass);
    expect(await repository.append(activity('act-2'))).toBe(true);
    expect(await repository.append({ ...activity('act-2'), object: { type: 'Note', id: 'x', content: 'changed' } })).toBe(false);
    const raw = moduleRef.get<Connection>(getConnectionToken()).collection('activities');
    expect(await raw.countDocuments({ _id: 'act-2' as never })).toBe(1);
    expect(noteOf(await repository.findById('act-2'))).toBe(noteOf(activity('act-2')));
  });

  it('answers null for an unknown id', async () => {
    expect(await moduleRef.get(ActivityRepositoryClass).findById('nope')).toBeNull();
  });

  it('records a batch that touches many conversations at once (FerretDB never answers an update of 100 statements)', async () => {
    const { ConversationRepository } = await import('@chat/persistence');
    const { directConversation, toBareJid } = await import('@chat/domain');
    const conversations = moduleRef.get(ConversationRepository);
    const pairs = Array.from({ length: 60 }, (_, i) => [toBareJid(`writer${i}@localhost`), toBareJid(`reader${i}@localhost`)] as const);
    const refs = pairs.map(([a, b]) => directConversation(a, b));
    // 120 members, then 60 conversations and 120 member counters: each over a single command's limit.
    await conversations.ensureMembers(pairs.flatMap(([a, b], i) => [a, b].map((jid) => ({ conversationId: refs[i].id, jid }))));
    await conversations.recordActivity(
      pairs.map(([writer, reader], i) => ({
        conversation: refs[i],
        addresses: [writer, reader],
        newMessagesByAuthor: new Map([[writer, 3]]),
        lastMessage: { id: `msg_${i}`, author: writer, excerpt: 'hello', at: new Date(), position: `001795396844954-${String(i).padStart(6, '0')}` },
      })),
    );
    const [last] = pairs.slice(-1);
    expect(await conversations.member(refs[59].id, last[1])).toMatchObject({ unread: 3 });
    expect(await conversations.member(refs[59].id, last[0])).toMatchObject({ unread: 0 });
  });
});
