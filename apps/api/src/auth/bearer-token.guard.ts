import { type CanActivate, type ExecutionContext, Injectable, UnauthorizedException } from '@nestjs/common';
import type { Request } from 'express';
import { AccessTokenVerifier, AuthenticationError, type WebIdentity } from '@chat/auth';

export type AuthenticatedRequest = Request & { identity: WebIdentity };

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
      throw new UnauthorizedException({ statusCode: 401, error: 'unauthorized', reason });
    }
  }
}
