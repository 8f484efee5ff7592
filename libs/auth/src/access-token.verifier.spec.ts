import { createServer, type Server } from 'node:http';
import type { ConfigService } from '@nestjs/config';
import { exportJWK, exportSPKI, generateKeyPair, SignJWT, type CryptoKey } from 'jose';
import type { ApiEnv } from '@chat/config';
import { AccessTokenVerifier, AuthenticationError } from './access-token.verifier';

const SECRET = 'a-test-secret-that-is-long-enough-0123456789';
const base = { AUTH_JWT_ISSUER: 'intranet', AUTH_JWT_AUDIENCE: 'chat', XMPP_DOMAIN: 'localhost', AUTH_JWT_SECRET: SECRET };

function verifier(env: Partial<ApiEnv>): AccessTokenVerifier {
  const values = { AUTH_JWT_ALGORITHM: 'HS256', ...base, ...env } as Record<string, unknown>;
  return new AccessTokenVerifier({ get: (name: string) => values[name] } as unknown as ConfigService<ApiEnv, true>);
}

function token(claims: { sub?: string; iss?: string; aud?: string; exp?: number | string; nbf?: number } = {}) {
  const jwt = new SignJWT({}).setIssuedAt();
  if (claims.sub !== '') jwt.setSubject(claims.sub ?? 'alice');
  jwt
    .setIssuer(claims.iss ?? 'intranet')
    .setAudience(claims.aud ?? 'chat')
    .setExpirationTime(claims.exp ?? '5m');
  if (claims.nbf) jwt.setNotBefore(claims.nbf);
  return jwt;
}

const hs256 = (jwt: SignJWT, secret = SECRET) => jwt.setProtectedHeader({ alg: 'HS256' }).sign(new TextEncoder().encode(secret));

async function reason(promise: Promise<unknown>): Promise<string> {
  try {
    await promise;
    return 'accepted';
  } catch (error) {
    expect(error).toBeInstanceOf(AuthenticationError);
    return (error as AuthenticationError).reason;
  }
}

describe('AccessTokenVerifier, HS256', () => {
  const check = verifier({});

  it('maps the subject to a bare JID on the XMPP domain', async () => {
    await expect(check.verify(await hs256(token()))).resolves.toMatchObject({ jid: 'alice@localhost' });
    await expect(check.verify(await hs256(token({ sub: 'Bob@localhost' })))).resolves.toMatchObject({ jid: 'bob@localhost' });
  });

  it.each([
    ['no token', async () => undefined, 'missing'],
    ['an expired token', async () => hs256(token({ exp: Math.floor(Date.now() / 1000) - 60 })), 'expired'],
    ['a token not valid yet', async () => hs256(token({ nbf: Math.floor(Date.now() / 1000) + 600 })), 'invalid'],
    ['another key', async () => hs256(token(), 'another-secret-another-secret-another-secret'), 'invalid'],
    ['another issuer', async () => hs256(token({ iss: 'evil' })), 'invalid'],
    ['another audience', async () => hs256(token({ aud: 'other-app' })), 'invalid'],
    ['no subject', async () => hs256(token({ sub: '' })), 'invalid'],
    ['a subject on another domain', async () => hs256(token({ sub: 'alice@evil.example' })), 'invalid'],
    ['a subject that is no JID', async () => hs256(token({ sub: 'a b' })), 'invalid'],
    [
      'alg none',
      async () =>
        `${Buffer.from('{"alg":"none","typ":"JWT"}').toString('base64url')}.${Buffer.from(JSON.stringify({ sub: 'alice', iss: 'intranet', aud: 'chat', exp: Math.floor(Date.now() / 1000) + 300 })).toString('base64url')}.`,
      'invalid',
    ],
    ['garbage', async () => 'not.a.jwt', 'invalid'],
  ])('refuses %s', async (_what, make, expected) => {
    expect(await reason(check.verify(await make()))).toBe(expected);
  });
});

describe('AccessTokenVerifier, RS256 with a PEM public key', () => {
  let privateKey: CryptoKey;
  let pem: string;

  beforeAll(async () => {
    const pair = await generateKeyPair('RS256', { extractable: true });
    privateKey = pair.privateKey;
    pem = await exportSPKI(pair.publicKey);
  });

  it('accepts a token signed with the matching private key', async () => {
    const check = verifier({ AUTH_JWT_ALGORITHM: 'RS256', AUTH_JWT_PUBLIC_KEY: pem });
    const jwt = await token().setProtectedHeader({ alg: 'RS256' }).sign(privateKey);
    await expect(check.verify(jwt)).resolves.toMatchObject({ jid: 'alice@localhost' });
  });

  it('refuses an HS256 token signed with the public key as secret (algorithm confusion)', async () => {
    const check = verifier({ AUTH_JWT_ALGORITHM: 'RS256', AUTH_JWT_PUBLIC_KEY: pem });
    expect(await reason(check.verify(await hs256(token(), pem)))).toBe('invalid');
  });

  it('refuses a token of another key pair', async () => {
    const other = await generateKeyPair('RS256');
    const check = verifier({ AUTH_JWT_ALGORITHM: 'RS256', AUTH_JWT_PUBLIC_KEY: pem });
    expect(await reason(check.verify(await token().setProtectedHeader({ alg: 'RS256' }).sign(other.privateKey)))).toBe('invalid');
  });
});

describe('AccessTokenVerifier, ES256 with a JWKS URL', () => {
  let server: Server;
  let url: string;
  let privateKey: CryptoKey;

  beforeAll(async () => {
    const pair = await generateKeyPair('ES256', { extractable: true });
    privateKey = pair.privateKey;
    const jwks = JSON.stringify({ keys: [{ ...(await exportJWK(pair.publicKey)), kid: 'k1', alg: 'ES256', use: 'sig' }] });
    server = createServer((_req, res) => res.writeHead(200, { 'content-type': 'application/json' }).end(jwks));
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
    url = `http://127.0.0.1:${(server.address() as { port: number }).port}/jwks.json`;
  });

  afterAll(() => new Promise<void>((r) => server.close(() => r())));

  it('accepts a token whose key the intranet publishes, and refuses another algorithm', async () => {
    const check = verifier({ AUTH_JWT_ALGORITHM: 'ES256', AUTH_JWT_JWKS_URL: url });
    const jwt = await token().setProtectedHeader({ alg: 'ES256', kid: 'k1' }).sign(privateKey);
    await expect(check.verify(jwt)).resolves.toMatchObject({ jid: 'alice@localhost' });
    expect(await reason(check.verify(await hs256(token())))).toBe('invalid');
  });
});
