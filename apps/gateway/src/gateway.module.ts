import { Module } from '@nestjs/common';
import { loggingModule } from '@chat/app-runtime';
import { appConfigModule, gatewayEnvSchema } from '@chat/config';
import { HealthModule, MongoReadiness, RedisReadiness } from '@chat/health';
import { PersistenceModule } from '@chat/persistence';
import { JournalModule } from '@chat/journal';
import { QueueConsumersModule, QueueName, QueuesModule } from '@chat/queues';
import { RedisModule } from '@chat/redis';
import { XmppModule } from '@chat/xmpp';
import { BackfillModule } from './backfill/backfill.module';
import { EjabberdArchiveReadiness } from './health/ejabberd-archive.readiness';
import { JournalDepthReadiness } from './health/journal-depth.readiness';
import { OutboundQueueReadiness } from './health/outbound-queue.readiness';
import { XmppComponentReadiness } from './health/xmpp-component.readiness';
import { MirrorModule } from './mirror/mirror.module';
import { PairingModule } from './pairing/pairing.module';
import { OutboundModule } from './outbound/outbound.module';

/**
 * The XEP-0114 component: mirrors what happens on ejabberd into the activity store and the fan-out queue, and sends
 * what web users say into XMPP on their behalf.
 */
@Module({
  imports: [
    appConfigModule(gatewayEnvSchema),
    loggingModule('gateway'),
    RedisModule,
    PersistenceModule,
    QueuesModule,
    QueueConsumersModule.forQueues([QueueName.XmppOutbound]),
    XmppModule,
    MirrorModule,
    OutboundModule,
    HealthModule.register(
      [MongoReadiness, RedisReadiness, XmppComponentReadiness, JournalDepthReadiness, OutboundQueueReadiness, EjabberdArchiveReadiness],
      [XmppModule, QueuesModule, JournalModule, OutboundModule, BackfillModule, PairingModule],
    ),
  ],
})
export class GatewayModule {}
