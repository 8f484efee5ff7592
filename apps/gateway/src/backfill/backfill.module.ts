import { Module } from '@nestjs/common';
import { JournalModule } from '@chat/journal';
import { RedisModule } from '@chat/redis';
import { EjabberdArchive, XmppModule } from '@chat/xmpp';
import { PairingModule } from '../pairing/pairing.module';
import { GapBackfill } from './gap-backfill';
import { GapLedger } from './gap-ledger';
import { LinkHeartbeat } from './link-heartbeat';

/** Gaps in the component's copies, noticed by link heartbeats and closed from ejabberd's own archive. */
@Module({
  imports: [RedisModule, JournalModule, XmppModule, PairingModule],
  providers: [EjabberdArchive, GapLedger, LinkHeartbeat, GapBackfill],
  exports: [EjabberdArchive, GapBackfill],
})
export class BackfillModule {}
