import type { INestApplication, Type } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import type { NestExpressApplication } from '@nestjs/platform-express';
import { Logger } from 'nestjs-pino';

/** After a stop signal, a shutdown still running this long is given up: the process exits anyway. */
const SHUTDOWN_LIMIT_MS = 20_000;

/**
 * Creates an app with pino logging and graceful shutdown. A failed boot rejects (never aborts the process) so the
 * caller can say why in one line; Nest's own boot chatter is silenced until pino takes over.
 */
export async function createApp(module: Type<unknown>): Promise<INestApplication> {
  const app = await NestFactory.create(module, { logger: false, abortOnError: false });
  app.useLogger(app.get(Logger));
  app.enableShutdownHooks();
  boundShutdown(app);
  // No framework banner on any answer (health included).
  (app as NestExpressApplication).disable('x-powered-by');
  return app;
}

/**
 * A graceful shutdown waits for its dependencies; one that never answers (a MongoDB-wire server stuck on a query was
 * seen here) would keep a half-stopped gateway connected to ejabberd for good, taking its share of the component's
 * stanzas. Past SHUTDOWN_LIMIT_MS the process exits, as an orchestrator would make it.
 */
function boundShutdown(app: INestApplication): void {
  for (const signal of ['SIGTERM', 'SIGINT'] as const) {
    process.once(signal, () => {
      setTimeout(() => {
        app.get(Logger).error(`shutdown after ${signal} still not done after ${SHUTDOWN_LIMIT_MS} ms; exiting`);
        process.exit(1);
      }, SHUTDOWN_LIMIT_MS).unref();
    });
  }
}
