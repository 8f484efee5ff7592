import { createParamDecorator, type ExecutionContext } from '@nestjs/common';
import type { BareJid } from '@chat/domain';
import type { AuthenticatedRequest } from './bearer-token.guard';

/** The bare JID of the user whose token the BearerTokenGuard verified. */
export const WebUser = createParamDecorator((_: unknown, context: ExecutionContext): BareJid => {
  return context.switchToHttp().getRequest<AuthenticatedRequest>().identity.jid;
});
