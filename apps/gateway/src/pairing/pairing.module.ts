import { Module } from '@nestjs/common';
import { RedisModule } from '@chat/redis';
import { XmppModule } from '@chat/xmpp';
import { ActiveGatewayLease } from './active-gateway-lease';
import { ComponentTwins } from './component-twins';

/** Several gateways on one component domain: which one is active, and what their links must share. */
@Module({
  imports: [RedisModule, XmppModule],
  providers: [ActiveGatewayLease, ComponentTwins],
  exports: [ActiveGatewayLease],
})
export class PairingModule {}
