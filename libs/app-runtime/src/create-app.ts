import type { INestApplication, Type } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { Logger } from 'nestjs-pino';

/**
 * Creates an app with pino logging and graceful shutdown. A failed boot rejects (never aborts the process) so the
 * caller can say why in one line; Nest's own boot chatter is silenced until pino takes over.
 */
export async function createApp(module: Type<unknown>): Promise<INestApplication> {
  const app = await NestFactory.create(module, { logger: false, abortOnError: false });
  app.useLogger(app.get(Logger));
  app.enableShutdownHooks();
  return app;
}
