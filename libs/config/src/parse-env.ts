import type { z } from 'zod';
import { ConfigValidationError } from './config-validation.error';
import { refuseDevSecretsInProduction } from './env-schemas';

/** Validates raw environment variables against an app's schema; the error names each bad variable, never its value. */
export function parseEnv<S extends z.ZodType<Record<string, unknown>>>(schema: S, raw: Record<string, unknown>): z.infer<S> {
  const result = schema.safeParse(raw);
  if (!result.success) {
    const problems = result.error.issues.map((issue) => {
      const name = issue.path.join('.') || '(environment)';
      const missing = issue.code === 'invalid_type' && raw[name] === undefined;
      return missing ? `${name}: is required` : `${name}: ${issue.message}`;
    });
    throw new ConfigValidationError(problems);
  }
  const problems = refuseDevSecretsInProduction(result.data as { NODE_ENV: string });
  if (problems.length) throw new ConfigValidationError(problems);
  return result.data;
}
