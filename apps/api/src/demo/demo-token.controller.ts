import { Body, Controller, Injectable, Module, Post, Req } from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import { ApiTags } from '@nestjs/swagger';
import type { Request } from 'express';
import { SignJWT } from 'jose';
import { z } from 'zod';
import type { ApiEnv } from '@chat/config';
import { EjabberdAdminApi, EjabberdAdminModule } from '@chat/xmpp';
import { RateLimits } from '../limits/rate-limits';
import { DemoTokenAnswer } from '../openapi/answer-schemas';
import { ApiContract } from '../openapi/api-contract.decorator';
import { parseRequest, RequestRefused } from '../requests/request-refused';
import { DemoPageController } from './demo-page.controller';

const DemoLogin = z.object({
  user: z.string().regex(/^[a-z0-9._-]{1,64}$/, 'must be a user name (letters, digits, . _ -)'),
  password: z.string().min(1).max(256),
});

const LIFETIME_S = 3600;

/**
 * The sign-in checks a password, so it is a guessing oracle unless throttled: a few attempts a minute for each user
 * name (whoever asks), and a few more from each client address (whatever the names). Every attempt counts, right or
 * wrong. The address is the TCP peer: behind a proxy all clients share the proxy's budget, acceptable for a demo.
 */
export const DEMO_SIGN_INS_PER_NAME = 10;
export const DEMO_SIGN_INS_PER_ADDRESS = 30;

/**
 * Stands in for the intranet's login in the demo: checks the user's XMPP password with ejabberd and signs a
 * short-lived token with the HS256 secret. Mounted only when DEMO_TOKEN_ISSUER=enabled (never in production).
 */
@Injectable()
export class DemoTokenIssuer {
  private readonly secret: Uint8Array;
  private readonly issuer: string;
  private readonly audience: string;
  private readonly domain: string;

  constructor(
    private readonly ejabberd: EjabberdAdminApi,
    private readonly limits: RateLimits,
    config: ConfigService<ApiEnv, true>,
  ) {
    this.secret = new TextEncoder().encode(config.get('AUTH_JWT_SECRET', { infer: true }));
    this.issuer = config.get('AUTH_JWT_ISSUER', { infer: true });
    this.audience = config.get('AUTH_JWT_AUDIENCE', { infer: true });
    this.domain = config.get('XMPP_DOMAIN', { infer: true });
  }

  async issue(login: z.output<typeof DemoLogin>, clientAddress: string): Promise<{ token: string; jid: string; expiresIn: number }> {
    await this.limits.spend('demo-sign-in-address', clientAddress, DEMO_SIGN_INS_PER_ADDRESS, 'sign-in attempts from this address');
    await this.limits.spend('demo-sign-in-name', login.user, DEMO_SIGN_INS_PER_NAME, 'sign-in attempts for this user name');
    if (!(await this.ejabberd.passwordMatches(login.user, this.domain, login.password))) {
      throw new RequestRefused('forbidden', 'unknown user or wrong password');
    }
    const token = await new SignJWT({})
      .setProtectedHeader({ alg: 'HS256' })
      .setSubject(login.user)
      .setIssuer(this.issuer)
      .setAudience(this.audience)
      .setIssuedAt()
      .setExpirationTime(`${LIFETIME_S}s`)
      .sign(this.secret);
    return { token, jid: `${login.user}@${this.domain}`, expiresIn: LIFETIME_S };
  }
}

@ApiTags('demo')
@Controller('api/v1/demo')
export class DemoTokenController {
  constructor(private readonly issuer: DemoTokenIssuer) {}

  @Post('token')
  @ApiContract({
    summary: 'Demo only (DEMO_TOKEN_ISSUER=enabled): trade an XMPP user name and password for an access token',
    description: `At most ${DEMO_SIGN_INS_PER_NAME} attempts a minute per user name and ${DEMO_SIGN_INS_PER_ADDRESS} per client address.`,
    body: DemoLogin,
    answer: DemoTokenAnswer,
    refusals: [400, 403, 413, 429],
  })
  token(@Body() body: unknown, @Req() request: Request) {
    return this.issuer.issue(parseRequest(DemoLogin, body), request.ip ?? request.socket.remoteAddress ?? 'unknown');
  }
}

@Module({ imports: [EjabberdAdminModule], controllers: [DemoTokenController, DemoPageController], providers: [DemoTokenIssuer, RateLimits] })
export class DemoTokenModule {}
