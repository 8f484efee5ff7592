import { hostname } from 'node:os';
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
  z
    .string()
    .trim()
    .refine((v) => protocols.test(v) && URL.canParse(v), { message: `must be a URL like ${example}` });

/** Variables every app reads. Defaults point at `bin/stack up` (the dev profile), so a laptop needs no edits. */
export const baseEnvSchema = z.object({
  NODE_ENV: z.enum(['development', 'test', 'production']).default('development'),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  HTTP_HOST: z.string().min(1).default('127.0.0.1'),
  MONGO_URL: url(/^mongodb(\+srv)?:\/\//, 'mongodb://127.0.0.1:27117').default('mongodb://127.0.0.1:27117'),
  MONGO_DB: z
    .string()
    .regex(/^[A-Za-z0-9_-]{1,63}$/, 'must be 1-63 letters, digits, _ or -')
    .default('chat_backbone'),
  REDIS_URL: url(/^rediss?:\/\//, 'redis://127.0.0.1:16379').default('redis://127.0.0.1:16379'),
  QUEUE_PREFIX: z
    .string()
    .regex(/^[A-Za-z0-9_-]{1,32}$/, 'must be 1-32 letters, digits, _ or -')
    .default('chat'),
  XMPP_DOMAIN: z
    .string()
    .regex(/^[a-z0-9.-]+$/, 'must be a lower-case domain name')
    .default('localhost'),
});

/** What the gateway and the api must agree on about ejabberd. */
const ejabberdEnv = {
  XMPP_MUC_DOMAIN: z
    .string()
    .regex(/^[a-z0-9.-]+$/, 'must be a lower-case domain name')
    .default('conference.localhost'),
  EJABBERD_API_URL: url(/^https?:\/\//, 'http://127.0.0.1:15280/api').default('http://127.0.0.1:15280/api'),
  /** Longest message body, in characters: longer sends are refused, longer mirrored copies are set aside. */
  MAX_BODY_LENGTH: wholeNumber(100, 1_000_000).default(32_768),
};

export const gatewayEnvSchema = baseEnvSchema.extend({
  HTTP_PORT: port.default(8081),
  ...ejabberdEnv,
  MIRROR_BATCH_SIZE: wholeNumber(1, 5000).default(1000),
  /** This gateway's name among the journal's readers: a restart under the same name resumes its own unfinished entries. */
  GATEWAY_INSTANCE_ID: z
    .string()
    .regex(/^[A-Za-z0-9_.-]{1,64}$/, 'must be 1-64 letters, digits, _ . or -')
    .default(
      () =>
        hostname()
          .replace(/[^A-Za-z0-9_.-]/g, '-')
          .slice(0, 64) || 'gateway',
    ),
  /**
   * Gateways attached to one component domain elect an active one through a Redis lease this long: it alone runs the
   * mirror, the web sends and the session reconciler; a twin takes over within this time after it dies.
   */
  GATEWAY_LEASE_MS: wholeNumber(1000, 600_000).default(5_000),
  /**
   * ejabberd's message archive (mod_mam on PostgreSQL, read-only access to its `archive` table): after any time no
   * gateway was connected, the gateway mirrors what ejabberd archived meanwhile. Unreadable means not ready.
   */
  EJABBERD_ARCHIVE_URL: url(/^postgres(ql)?:\/\//, 'postgres://chat_reader:…@127.0.0.1:15432/ejabberd').default('postgres://chat_reader:chat_reader@127.0.0.1:15432/ejabberd'),
  /** A gap is read from ejabberd's archive with this much time added on each side (clock skew, copies in flight). */
  BACKFILL_MARGIN_MS: wholeNumber(0, 600_000).default(5_000),
  PRESENCE_RECONCILE_MS: wholeNumber(200, 3_600_000).default(10_000),
  /** How long a listed client session may take to answer the reconciler's ping before it counts as gone (XEP-0198 waits). */
  PRESENCE_PROBE_TIMEOUT_MS: wholeNumber(100, 600_000).default(5_000),
  /** Pings in flight at once in a reconciliation, and as many again to silent sessions; 0 pings no one (dead sessions then linger for resume_timeout). */
  PRESENCE_PROBE_CONCURRENCY: wholeNumber(0, 1024).default(32),
  XMPP_COMPONENT_URL: url(/^xmpp:\/\//, 'xmpp://127.0.0.1:15347').default('xmpp://127.0.0.1:15347'),
  XMPP_COMPONENT_DOMAIN: z
    .string()
    .regex(/^[a-z0-9.-]+$/, 'must be a lower-case domain name')
    .default('chat.localhost'),
  XMPP_COMPONENT_SECRET: z.string().min(8, 'must be at least 8 characters').default('dev-component-secret'),
  XMPP_RECONNECT_MIN_MS: wholeNumber(50, 60_000).default(500),
  XMPP_RECONNECT_MAX_MS: wholeNumber(100, 600_000).default(30_000),
  /** The component listener's `max_stanza_size` in ejabberd.yml: a larger stanza would make ejabberd close the link. */
  XMPP_MAX_STANZA_BYTES: wholeNumber(4096, 100_000_000).default(1_048_576),
  /** Web sends in progress at once; each conversation still goes one at a time, in order. */
  OUTBOUND_CONCURRENCY: wholeNumber(1, 1024).default(64),
  /** A web send in progress longer than this while the link is up makes the gateway unready (a stuck send). */
  OUTBOUND_STALL_MS: wholeNumber(1000, 3_600_000).default(60_000),
});

export const apiEnvSchema = baseEnvSchema
  .extend({
    HTTP_PORT: port.default(8080),
    ...ejabberdEnv,
    /** Per user, over a sliding minute: messages, edits, markers and typing notices sent from the web. */
    SEND_RATE_PER_MINUTE: wholeNumber(1, 100_000).default(120),
    /** Per user, over a sliding minute: searches and history reads. */
    READ_RATE_PER_MINUTE: wholeNumber(1, 100_000).default(300),
    /** A web session whose heartbeats stop (a cut network, a closed laptop) stops counting as online after this. */
    WEB_PRESENCE_TTL_MS: wholeNumber(2000, 600_000).default(45_000),
    /** The demo's token issuer (POST /api/v1/demo/token): off unless asked for, refused in production. */
    DEMO_TOKEN_ISSUER: z.enum(['enabled', 'disabled'], { error: 'must be enabled or disabled' }).default('disabled'),
    /** The one algorithm accepted: a token signed otherwise (or with `alg: none`) is refused. */
    AUTH_JWT_ALGORITHM: z.enum(['HS256', 'RS256', 'ES256'], { error: 'must be HS256, RS256 or ES256' }).default('HS256'),
    AUTH_JWT_SECRET: z.string().min(32, 'must be at least 32 characters').default('dev-jwt-secret-change-me-0123456789abcdef'),
    /** PEM public key (SPKI) for RS256/ES256; `\n` escapes are accepted for one-line environment files. */
    AUTH_JWT_PUBLIC_KEY: z
      .string()
      .transform((v) => v.replace(/\\n/g, '\n').trim())
      .refine((v) => v.startsWith('-----BEGIN PUBLIC KEY-----'), { message: 'must be a PEM public key (-----BEGIN PUBLIC KEY-----)' })
      .optional(),
    AUTH_JWT_JWKS_URL: url(/^https?:\/\//, 'https://intranet.example.com/.well-known/jwks.json').optional(),
    AUTH_JWT_ISSUER: z.string().min(1).default('chat-backbone-dev'),
    AUTH_JWT_AUDIENCE: z.string().min(1).default('chat-backbone'),
    CORS_ORIGINS: z
      .string()
      .default('http://localhost:8080,http://127.0.0.1:8080')
      .transform((v) =>
        v
          .split(',')
          .map((o) => o.trim())
          .filter(Boolean),
      )
      .refine((list) => list.every((o) => /^https?:\/\/[^/]+$/.test(o)), { message: 'must be comma-separated origins like https://intranet.example.com' }),
  })
  .superRefine((env, ctx) => {
    const asymmetric = env.AUTH_JWT_ALGORITHM !== 'HS256';
    const keys = [env.AUTH_JWT_PUBLIC_KEY, env.AUTH_JWT_JWKS_URL].filter(Boolean).length;
    if (asymmetric && keys !== 1) {
      ctx.addIssue({ code: 'custom', path: ['AUTH_JWT_PUBLIC_KEY'], message: `${env.AUTH_JWT_ALGORITHM} needs exactly one of AUTH_JWT_PUBLIC_KEY or AUTH_JWT_JWKS_URL` });
    }
    if (env.DEMO_TOKEN_ISSUER === 'enabled' && asymmetric) {
      ctx.addIssue({ code: 'custom', path: ['DEMO_TOKEN_ISSUER'], message: 'the demo token issuer signs with the HS256 secret: it needs AUTH_JWT_ALGORITHM=HS256' });
    }
    if (!asymmetric && keys > 0) {
      ctx.addIssue({ code: 'custom', path: ['AUTH_JWT_ALGORITHM'], message: 'a public key or JWKS URL is set: choose RS256 or ES256' });
    }
  });

export const workerEnvSchema = baseEnvSchema.extend({
  HTTP_PORT: port.default(8082),
  WORKER_CONCURRENCY: wholeNumber(1, 256).default(16),
});

/** Production refuses the development secrets that the defaults carry. */
export function refuseDevSecretsInProduction(env: { NODE_ENV: string } & Record<string, unknown>): string[] {
  if (env.NODE_ENV !== 'production') return [];
  // The HS256 secret matters only when HS256 is the algorithm.
  const secrets = env.AUTH_JWT_ALGORITHM && env.AUTH_JWT_ALGORITHM !== 'HS256' ? ['XMPP_COMPONENT_SECRET'] : ['XMPP_COMPONENT_SECRET', 'AUTH_JWT_SECRET'];
  const problems = secrets.filter((name) => DEV_SECRETS.includes(env[name] as string)).map((name) => `${name}: the development default must not be used in production`);
  if (env.DEMO_TOKEN_ISSUER === 'enabled') problems.push('DEMO_TOKEN_ISSUER: the demo token issuer must not run in production');
  return problems;
}

export type BaseEnv = z.infer<typeof baseEnvSchema>;
export type GatewayEnv = z.infer<typeof gatewayEnvSchema>;
export type ApiEnv = z.infer<typeof apiEnvSchema>;
export type WorkerEnv = z.infer<typeof workerEnvSchema>;
