import { ConfigModule, type ConfigService } from '@nestjs/config';
import type { DynamicModule } from '@nestjs/common';
import type { z } from 'zod';
import { parseEnv } from './parse-env';

/**
 * The one place an app reads its environment: validated once at boot by @nestjs/config, then served by the global
 * ConfigService. A malformed variable stops the app with a ConfigValidationError naming it.
 */
export function appConfigModule(schema: z.ZodType<Record<string, unknown>>): Promise<DynamicModule> {
  const module = ConfigModule.forRoot({
    isGlobal: true,
    cache: true,
    ignoreEnvFile: true,
    validate: (raw) => parseEnv(schema, raw),
  });
  // Nest awaits this promise when it builds the app and reports the rejection there; until then Node must not
  // treat it as an unhandled rejection and crash with a stack trace instead of the one-line message.
  module.catch(() => undefined);
  return module;
}

/** ConfigService typed with an app's environment, for `config.get('NAME', { infer: true })`. */
export type TypedConfig<Env> = ConfigService<Env, true>;
