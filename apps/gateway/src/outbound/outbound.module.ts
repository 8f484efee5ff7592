import { Module } from '@nestjs/common';
import { PersistenceModule } from '@chat/persistence';
import { JournalModule } from '@chat/journal';
import { QueuesModule } from '@chat/queues';
import { RealtimeModule } from '@chat/realtime';
import { RedisModule } from '@chat/redis';
import { XmppModule } from '@chat/xmpp';
import { OutboundDelivery } from './outbound-delivery';
import { OutboundLink } from './outbound-link';
import { RoomSubscriptions } from './room-subscriptions';
import { SentStanzaMarks } from './sent-stanza-marks';
import { ServerEchoes } from './server-echoes';
import { BackfillModule } from '../backfill/backfill.module';
import { PairingModule } from '../pairing/pairing.module';
import { ConversationLanes } from './conversation-lanes';
import { OutboundConsumer } from './outbound-consumer';

/** From web user to XMPP: the outbound queue, drained per conversation in order through the component. */
@Module({
  imports: [PersistenceModule, QueuesModule, JournalModule, RealtimeModule, RedisModule, XmppModule, PairingModule, BackfillModule],
  providers: [OutboundConsumer, ConversationLanes, OutboundDelivery, OutboundLink, RoomSubscriptions, SentStanzaMarks, ServerEchoes],
  exports: [OutboundConsumer],
})
export class OutboundModule {}
