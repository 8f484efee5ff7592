import type { INestApplication } from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import { Logger } from 'nestjs-pino';
import { type BaseEnv, ConfigValidationError } from '@chat/config';

/**
 * Starts a built app: listens on HTTP_HOST:HTTP_PORT, or, when the app cannot start (a malformed variable, a
 * dependency refusing the connection), prints one line saying why on stderr and exits 1.
 */
export async function runApp(name: string, create: () => Promise<INestApplication>): Promise<void> {
  let app: INestApplication | undefined;
  try {
    app = await create();
    const config = app.get<ConfigService<BaseEnv & { HTTP_PORT: number }, true>>(ConfigService);
    const port = config.get('HTTP_PORT', { infer: true });
    const host = config.get('HTTP_HOST', { infer: true });
    await app.listen(port, host);
    app.get(Logger).log(`${name} listening on http://${host}:${port}`, name);
  } catch (error) {
    process.stderr.write(`${name}: cannot start: ${describeBootFailure(error)}\n`);
    await app?.close().catch(() => undefined);
    process.exit(1);
  }
}

function describeBootFailure(error: unknown): string {
  if (error instanceof ConfigValidationError) return error.message;
  // Anything else is unexpected: keep the stack, which never holds configuration values.
  return error instanceof Error ? (error.stack ?? error.message) : String(error);
}
