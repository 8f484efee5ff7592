import { ConfigValidationError } from './config-validation.error';
import { apiEnvSchema, gatewayEnvSchema, workerEnvSchema } from './env-schemas';
import { parseEnv } from './parse-env';

describe('parseEnv', () => {
  it('fills every default so an empty environment means the local dev stack', () => {
    const env = parseEnv(gatewayEnvSchema, {});
    expect(env.MONGO_URL).toBe('mongodb://127.0.0.1:27117');
    expect(env.XMPP_COMPONENT_URL).toBe('xmpp://127.0.0.1:15347');
    expect(env.HTTP_PORT).toBe(8081);
  });

  it.each([
    [gatewayEnvSchema, { MONGO_URL: 'postgres://x' }, 'MONGO_URL'],
    [gatewayEnvSchema, { XMPP_RECONNECT_MIN_MS: 'soon' }, 'XMPP_RECONNECT_MIN_MS'],
    [apiEnvSchema, { HTTP_PORT: '70000' }, 'HTTP_PORT'],
    [apiEnvSchema, { CORS_ORIGINS: 'intranet' }, 'CORS_ORIGINS'],
    [workerEnvSchema, { REDIS_URL: 'localhost:6379' }, 'REDIS_URL'],
  ])('names the bad variable (%#)', (schema, raw, name) => {
    expect(() => parseEnv(schema, raw)).toThrow(new RegExp(`^invalid configuration: ${name}: `));
  });

  it('never echoes the value of a bad secret', () => {
    const attempt = () => parseEnv(apiEnvSchema, { AUTH_JWT_SECRET: 'hunter2-short' });
    expect(attempt).toThrow(ConfigValidationError);
    expect(attempt).toThrow(/AUTH_JWT_SECRET/);
    expect(attempt).not.toThrow(/hunter2/);
  });

  it('refuses the development secrets in production', () => {
    expect(() => parseEnv(apiEnvSchema, { NODE_ENV: 'production' })).toThrow(/AUTH_JWT_SECRET: the development default/);
    expect(() => parseEnv(apiEnvSchema, { NODE_ENV: 'production', AUTH_JWT_SECRET: 'a-real-secret-of-at-least-32-chars!!' })).not.toThrow();
  });
});

describe('parseEnv: token verification settings', () => {
  it('keeps the demo token issuer off unless asked for, and never in production or without HS256', () => {
    expect(parseEnv(apiEnvSchema, {}).DEMO_TOKEN_ISSUER).toBe('disabled');
    expect(parseEnv(apiEnvSchema, { DEMO_TOKEN_ISSUER: 'enabled' }).DEMO_TOKEN_ISSUER).toBe('enabled');
    expect(() => parseEnv(apiEnvSchema, { DEMO_TOKEN_ISSUER: 'yes' })).toThrow(/DEMO_TOKEN_ISSUER: must be enabled or disabled/);
    const real = { NODE_ENV: 'production', AUTH_JWT_SECRET: 'a-real-secret-of-at-least-32-chars!!', XMPP_COMPONENT_SECRET: 'another-real-secret' };
    expect(() => parseEnv(apiEnvSchema, { ...real, DEMO_TOKEN_ISSUER: 'enabled' })).toThrow(/DEMO_TOKEN_ISSUER: the demo token issuer must not run in production/);
    expect(() => parseEnv(apiEnvSchema, { DEMO_TOKEN_ISSUER: 'enabled', AUTH_JWT_ALGORITHM: 'RS256', AUTH_JWT_JWKS_URL: 'https://intranet.example.com/jwks.json' })).toThrow(
      /needs AUTH_JWT_ALGORITHM=HS256/,
    );
  });

  it('asks RS256 and ES256 for exactly one of a public key or a JWKS URL', () => {
    expect(() => parseEnv(apiEnvSchema, { AUTH_JWT_ALGORITHM: 'RS256' })).toThrow(/AUTH_JWT_PUBLIC_KEY: RS256 needs exactly one/);
    expect(() => parseEnv(apiEnvSchema, { AUTH_JWT_ALGORITHM: 'ES256', AUTH_JWT_JWKS_URL: 'https://intranet.example.com/jwks.json' })).not.toThrow();
    expect(() => parseEnv(apiEnvSchema, { AUTH_JWT_ALGORITHM: 'PS512' })).toThrow(/AUTH_JWT_ALGORITHM: must be HS256, RS256 or ES256/);
    expect(() => parseEnv(apiEnvSchema, { AUTH_JWT_PUBLIC_KEY: 'not a key', AUTH_JWT_ALGORITHM: 'RS256' })).toThrow(/AUTH_JWT_PUBLIC_KEY: must be a PEM/);
  });

  it('reads a one-line PEM with \\n escapes', () => {
    const env = parseEnv(apiEnvSchema, {
      AUTH_JWT_ALGORITHM: 'RS256',
      AUTH_JWT_PUBLIC_KEY: '-----BEGIN PUBLIC KEY-----\\nAAAA\\n-----END PUBLIC KEY-----',
    });
    expect(env.AUTH_JWT_PUBLIC_KEY).toBe('-----BEGIN PUBLIC KEY-----\nAAAA\n-----END PUBLIC KEY-----');
  });
});
