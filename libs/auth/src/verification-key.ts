import { createRemoteJWKSet, importSPKI, type CryptoKey, type JWTVerifyGetKey } from 'jose';

export type TokenAlgorithm = 'HS256' | 'RS256' | 'ES256';

export interface KeySettings {
  algorithm: TokenAlgorithm;
  secret: string;
  publicKey?: string;
  jwksUrl?: string;
}

export type VerificationKey = CryptoKey | Uint8Array | JWTVerifyGetKey;

/** The key tokens are checked against: the shared secret (HS256), a PEM public key, or the intranet's JWKS. */
export async function verificationKey(settings: KeySettings): Promise<VerificationKey> {
  if (settings.algorithm === 'HS256') return new TextEncoder().encode(settings.secret);
  if (settings.publicKey) return importSPKI(settings.publicKey, settings.algorithm);
  if (settings.jwksUrl) return createRemoteJWKSet(new URL(settings.jwksUrl), { timeoutDuration: 5000, cooldownDuration: 30_000 });
  throw new Error(`${settings.algorithm} needs a public key or a JWKS URL`);
}
