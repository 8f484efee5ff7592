import { Body, Controller, HttpCode, Injectable, Module, Post } from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import { ApiBody, ApiOperation, ApiTags } from '@nestjs/swagger';
import { SignJWT } from 'jose';
import { z } from 'zod';
import type { ApiEnv } from '@chat/config';
import { EjabberdAdminApi, EjabberdAdminModule } from '@chat/xmpp';
import { RateLimits } from '../limits/rate-limits';
import { openApiSchema } from '../requests/openapi-schema';
import { parseRequest, RequestRefused } from '../requests/request-refused';
import { DemoPageController } from './demo-page.controller';

const DemoLogin = z.object({
  user: z.string().regex(/^[a-z0-9._-]{1,64}$/, 'must be a user name (letters, digits, . _ -)'),
  password: z.string().min(1).max(256),
});

const LIFETIME_S = 3600;

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

  async issue(login: z.output<typeof DemoLogin>): Promise<{ token: string; jid: string; expiresIn: number }> {
    await this.limits.consume('send', `demo-login:${login.user}`);
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
  @HttpCode(200)
  @ApiOperation({ summary: 'Demo only (DEMO_TOKEN_ISSUER=enabled): trade an XMPP user name and password for an access token' })
  @ApiBody({ schema: openApiSchema(DemoLogin) })
  token(@Body() body: unknown) {
    return this.issuer.issue(parseRequest(DemoLogin, body));
  }
}

@Module({ imports: [EjabberdAdminModule], controllers: [DemoTokenController, DemoPageController], providers: [DemoTokenIssuer, RateLimits] })
export class DemoTokenModule {}
