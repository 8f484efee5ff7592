import { Module } from '@nestjs/common';
import { PersistenceModule } from '@chat/persistence';
import { QueuesModule } from '@chat/queues';
import { RealtimeModule } from '@chat/realtime';
import { XmppModule } from '@chat/xmpp';
import { RoomSubscriptions } from './room-subscriptions';
import { XmppOutboundProcessor } from './xmpp-outbound.processor';

/** From web user to XMPP: the outbound queue, drained in order through the component. */
@Module({
  imports: [PersistenceModule, QueuesModule, RealtimeModule, XmppModule],
  providers: [XmppOutboundProcessor, RoomSubscriptions],
})
export class OutboundModule {}
