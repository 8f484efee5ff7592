import type { INestApplication } from '@nestjs/common';
import { Test } from '@nestjs/testing';
import { createApp } from '@chat/app-runtime';
import type { MessageArchive } from '@chat/persistence';

/**
 * Boots the real app modules in this process against the test stack. The environment is set before the module is
 * imported, because each app validates its configuration when its module loads.
 */
export async function startApp(name: 'gateway' | 'api' | 'worker', env: Record<string, string> = {}): Promise<{ app: INestApplication; url: string }> {
  Object.assign(process.env, { LOG_LEVEL: 'error', NODE_ENV: 'test', ...env });
  let app: INestApplication;
  if (name === 'gateway') app = await createApp((await import('../../apps/gateway/src/gateway.module')).GatewayModule);
  else if (name === 'worker') app = await createApp((await import('../../apps/worker/src/worker.module')).WorkerModule);
  else app = await (await import('../../apps/api/src/api.app')).createApiApp();
  await app.listen(0, '127.0.0.1');
  return { app, url: (await app.getUrl()).replace('[::1]', '127.0.0.1') };
}

/** A database and queue prefix of its own for each suite, so suites never see each other's data. */
export function isolatedStores(suite: string): Record<string, string> {
  const id = `${suite}_${Date.now().toString(36)}`;
  return { MONGO_DB: `e2e_${id}`, QUEUE_PREFIX: `e2e_${id}` };
}

/**
 * The archive of a suite's stores, read directly (the persistence module alone, as the worker configures it), to
 * check what the apps stored. `close` ends its connection.
 */
export async function archiveReader(stores: Record<string, string>): Promise<{ archive: MessageArchive; close: () => Promise<void> }> {
  Object.assign(process.env, stores);
  const { appConfigModule, workerEnvSchema } = await import('@chat/config');
  const persistence = await import('@chat/persistence');
  const reader = await Test.createTestingModule({ imports: [appConfigModule(workerEnvSchema), persistence.PersistenceModule] }).compile();
  await reader.init();
  return { archive: reader.get(persistence.MessageArchive), close: () => reader.close() };
}
