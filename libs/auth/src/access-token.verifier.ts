import { Injectable } from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import { errors, jwtVerify } from 'jose';
import { type TokenAlgorithm, type VerificationKey, verificationKey } from './verification-key';
import type { ApiEnv } from '@chat/config';
import { type BareJid, InvalidJidError, splitJid, toBareJid } from '@chat/domain';

export interface WebIdentity {
  jid: BareJid;
  expiresAt: Date;
}

export class AuthenticationError extends Error {
  constructor(
    readonly reason: 'missing' | 'expired' | 'invalid',
    detail: string,
  ) {
    super(detail);
    this.name = 'AuthenticationError';
  }
}

/**
 * Verifies the intranet's JSON Web Tokens: the configured algorithm only (HS256 with a shared secret, RS256/ES256
 * with a public key or a JWKS URL), signature, exp/nbf, issuer and audience checked; the subject maps to a bare JID
 * on the configured XMPP domain.
 */
@Injectable()
export class AccessTokenVerifier {
  private readonly algorithm: TokenAlgorithm;
  private readonly key: Promise<VerificationKey>;
  private readonly issuer: string;
  private readonly audience: string;
  private readonly domain: string;

  constructor(config: ConfigService<ApiEnv, true>) {
    this.algorithm = config.get('AUTH_JWT_ALGORITHM', { infer: true });
    this.key = verificationKey({
      algorithm: this.algorithm,
      secret: config.get('AUTH_JWT_SECRET', { infer: true }),
      publicKey: config.get('AUTH_JWT_PUBLIC_KEY', { infer: true }),
      jwksUrl: config.get('AUTH_JWT_JWKS_URL', { infer: true }),
    });
    // A bad key fails each verification (as "invalid"), not the process.
    this.key.catch(() => undefined);
    this.issuer = config.get('AUTH_JWT_ISSUER', { infer: true });
    this.audience = config.get('AUTH_JWT_AUDIENCE', { infer: true });
    this.domain = config.get('XMPP_DOMAIN', { infer: true });
  }

  async verify(token: unknown): Promise<WebIdentity> {
    if (typeof token !== 'string' || token.length === 0) throw new AuthenticationError('missing', 'no access token');
    if (token.length > 8192) throw new AuthenticationError('invalid', 'access token too long');
    let payload;
    try {
      const key = await this.key;
      const options = {
        algorithms: [this.algorithm],
        issuer: this.issuer,
        audience: this.audience,
        requiredClaims: ['exp', 'sub'],
        clockTolerance: 5,
      };
      ({ payload } = typeof key === 'function' ? await jwtVerify(token, key, options) : await jwtVerify(token, key, options));
    } catch (error) {
      if (error instanceof errors.JWTExpired) throw new AuthenticationError('expired', 'access token expired');
      throw new AuthenticationError('invalid', 'access token rejected');
    }
    return { jid: this.subjectToJid(payload.sub as string), expiresAt: new Date((payload.exp as number) * 1000) };
  }

  private subjectToJid(subject: string): BareJid {
    try {
      const jid = toBareJid(subject.includes('@') ? subject : `${subject}@${this.domain}`);
      const { local, domain } = splitJid(jid);
      if (!local || domain !== this.domain) throw new AuthenticationError('invalid', 'subject outside the XMPP domain');
      return jid;
    } catch (error) {
      if (error instanceof InvalidJidError) throw new AuthenticationError('invalid', 'subject is not a valid user');
      throw error;
    }
  }
}
