import { z } from 'zod';

const DEV_SECRETS = ['dev-component-secret', 'test-component-secret', 'dev-jwt-secret-change-me-0123456789abcdef'];

const wholeNumber = (min: number, max: number) =>
  z.coerce
    .number({ error: `must be a whole number from ${min} to ${max}` })
    .int({ error: `must be a whole number from ${min} to ${max}` })
    .min(min, { error: `must be a whole number from ${min} to ${max}` })
    .max(max, { error: `must be a whole number from ${min} to ${max}` });
const port = wholeNumber(0, 65535);
const url = (protocols: RegExp, example: string) =>
  z.string().trim().refine((v) => protocols.test(v) && URL.canParse(v), { message: `must be a URL like ${example}` });

/** Variables every app reads. Defaults point at `bin/stack up` (the dev profile), so a laptop needs no edits. */
export const baseEnvSchema = z.object({
  NODE_ENV: z.enum(['development', 'test', 'production']).default('development'),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  HTTP_HOST: z.string().min(1).default('127.0.0.1'),
  MONGO_URL: url(/^mongodb(\+srv)?:\/\//, 'mongodb://127.0.0.1:27117').default('mongodb://127.0.0.1:27117'),
  MONGO_DB: z.string().regex(/^[A-Za-z0-9_-]{1,63}$/, 'must be 1-63 letters, digits, _ or -').default('chat_backbone'),
  REDIS_URL: url(/^rediss?:\/\//, 'redis://127.0.0.1:16379').default('redis://127.0.0.1:16379'),
  QUEUE_PREFIX: z.string().regex(/^[A-Za-z0-9_-]{1,32}$/, 'must be 1-32 letters, digits, _ or -').default('chat'),
  XMPP_DOMAIN: z.string().regex(/^[a-z0-9.-]+$/, 'must be a lower-case domain name').default('localhost'),
});

export const gatewayEnvSchema = baseEnvSchema.extend({
  HTTP_PORT: port.default(8081),
  XMPP_MUC_DOMAIN: z.string().regex(/^[a-z0-9.-]+$/, 'must be a lower-case domain name').default('conference.localhost'),
  EJABBERD_API_URL: url(/^https?:\/\//, 'http://127.0.0.1:15280/api').default('http://127.0.0.1:15280/api'),
  MAX_BODY_LENGTH: wholeNumber(100, 1_000_000).default(32_768),
  MIRROR_BATCH_SIZE: wholeNumber(1, 5000).default(1000),
  PRESENCE_RECONCILE_MS: wholeNumber(200, 3_600_000).default(10_000),
  XMPP_COMPONENT_URL: url(/^xmpp:\/\//, 'xmpp://127.0.0.1:15347').default('xmpp://127.0.0.1:15347'),
  XMPP_COMPONENT_DOMAIN: z.string().regex(/^[a-z0-9.-]+$/, 'must be a lower-case domain name').default('chat.localhost'),
  XMPP_COMPONENT_SECRET: z.string().min(8, 'must be at least 8 characters').default('dev-component-secret'),
  XMPP_RECONNECT_MIN_MS: wholeNumber(50, 60_000).default(500),
  XMPP_RECONNECT_MAX_MS: wholeNumber(100, 600_000).default(30_000),
});

export const apiEnvSchema = baseEnvSchema.extend({
  HTTP_PORT: port.default(8080),
  AUTH_JWT_SECRET: z.string().min(32, 'must be at least 32 characters').default('dev-jwt-secret-change-me-0123456789abcdef'),
  AUTH_JWT_ISSUER: z.string().min(1).default('chat-backbone-dev'),
  AUTH_JWT_AUDIENCE: z.string().min(1).default('chat-backbone'),
  CORS_ORIGINS: z
    .string()
    .default('http://localhost:8080,http://127.0.0.1:8080')
    .transform((v) => v.split(',').map((o) => o.trim()).filter(Boolean))
    .refine((list) => list.every((o) => /^https?:\/\/[^/]+$/.test(o)), { message: 'must be comma-separated origins like https://intranet.example.com' }),
});

export const workerEnvSchema = baseEnvSchema.extend({
  HTTP_PORT: port.default(8082),
  WORKER_CONCURRENCY: wholeNumber(1, 256).default(16),
});

/** Production refuses the development secrets that the defaults carry. */
export function refuseDevSecretsInProduction(env: { NODE_ENV: string } & Record<string, unknown>): string[] {
  if (env.NODE_ENV !== 'production') return [];
  return ['XMPP_COMPONENT_SECRET', 'AUTH_JWT_SECRET']
    .filter((name) => DEV_SECRETS.includes(env[name] as string))
    .map((name) => `${name}: the development default must not be used in production`);
}

export type BaseEnv = z.infer<typeof baseEnvSchema>;
export type GatewayEnv = z.infer<typeof gatewayEnvSchema>;
export type ApiEnv = z.infer<typeof apiEnvSchema>;
export type WorkerEnv = z.infer<typeof workerEnvSchema>;
