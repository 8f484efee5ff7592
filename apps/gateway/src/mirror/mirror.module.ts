import { BackfillModule } from '../backfill/backfill.module';
import { PairingModule } from '../pairing/pairing.module';
import { Module } from '@nestjs/common';
import { PersistenceModule } from '@chat/persistence';
import { JournalModule } from '@chat/journal';
import { QueuesModule } from '@chat/queues';
import { XmppModule } from '@chat/xmpp';
import { ConversationMirror } from './conversation-mirror.service';
import { DeliveryReceipts } from './delivery-receipts';
import { DesktopSessionProbe } from './desktop-session-probe';
import { InboundStanzaListener } from './inbound-stanza.listener';
import { MirrorConsumer } from './mirror-consumer';
import { PresenceMirror } from './presence-mirror.service';
import { ReadMarkerMirror } from './read-marker-mirror.service';
import { SessionReconciler } from './session-reconciler';

/** From stanza to archive: journal, parse, store, enqueue the fan-out. */
@Module({
  imports: [PersistenceModule, QueuesModule, JournalModule.forReader(), XmppModule, PairingModule, BackfillModule],
  providers: [InboundStanzaListener, MirrorConsumer, ConversationMirror, DeliveryReceipts, PresenceMirror, ReadMarkerMirror, DesktopSessionProbe, SessionReconciler],
})
export class MirrorModule {}
