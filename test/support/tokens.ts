import { SignJWT } from 'jose';

const DEFAULTS = { secret: 'dev-jwt-secret-change-me-0123456789abcdef', issuer: 'chat-backbone-dev', audience: 'chat-backbone' };

/** Mints an intranet access token the way the intranet would (HS256, the api's default dev settings). */
export async function accessToken(subject: string, options: { expiresIn?: string | number; secret?: string; issuer?: string; audience?: string } = {}): Promise<string> {
  const { secret, issuer, audience } = { ...DEFAULTS, ...options };
  return new SignJWT({})
    .setProtectedHeader({ alg: 'HS256' })
    .setSubject(subject)
    .setIssuer(issuer)
    .setAudience(audience)
    .setIssuedAt()
    .setExpirationTime(options.expiresIn ?? '10m')
    .sign(new TextEncoder().encode(secret));
}
