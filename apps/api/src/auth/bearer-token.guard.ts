import { type CanActivate, type ExecutionContext, Injectable } from '@nestjs/common';
import type { Request } from 'express';
import { AccessTokenVerifier, AuthenticationError, type WebIdentity } from '@chat/auth';
import { RequestRefused } from '../requests/request-refused';

export type AuthenticatedRequest = Request & { identity: WebIdentity };

const MESSAGES = {
  missing: 'an access token is needed: Authorization: Bearer <JWT>',
  expired: 'the access token expired',
  invalid: 'the access token was refused',
} as const;

/** Every REST route but health answers only to a valid intranet token in `Authorization: Bearer …`. */
@Injectable()
export class BearerTokenGuard implements CanActivate {
  constructor(private readonly tokens: AccessTokenVerifier) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    const request = context.switchToHttp().getRequest<AuthenticatedRequest>();
    const header = request.headers.authorization ?? '';
    const token = header.startsWith('Bearer ') ? header.slice(7).trim() : undefined;
    try {
      request.identity = await this.tokens.verify(token);
      return true;
    } catch (error) {
      const reason = error instanceof AuthenticationError ? error.reason : 'invalid';
      // `reason` stays machine-readable beside the message, as the socket handshake's connect_error data has it.
      throw new RequestRefused('unauthorized', MESSAGES[reason], { reason });
    }
  }
}
