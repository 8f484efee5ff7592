import { type DynamicModule, Module } from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import type { GatewayEnv } from '@chat/config';
import { RedisModule } from '@chat/redis';
import { InboundJournal } from './inbound-journal';
import { JOURNAL_READER_OPTIONS, JournalReader, type JournalReaderOptions } from './journal-reader';

/** The journal's writing side, for every app that appends to it. */
@Module({ imports: [RedisModule], providers: [InboundJournal], exports: [InboundJournal] })
export class JournalModule {
  /** Both sides, for the gateway: it reads under its own consumer name (GATEWAY_INSTANCE_ID). */
  static forReader(): DynamicModule {
    return {
      module: JournalModule,
      imports: [RedisModule],
      providers: [
        InboundJournal,
        JournalReader,
        {
          provide: JOURNAL_READER_OPTIONS,
          inject: [ConfigService],
          useFactory: (config: ConfigService<GatewayEnv, true>): JournalReaderOptions => ({
            prefix: config.get('QUEUE_PREFIX', { infer: true }),
            consumer: config.get('GATEWAY_INSTANCE_ID', { infer: true }),
            // The active gateway's lease (see the gateway's ActiveGatewayLease): a successor takes over entries its dead
            // predecessor read at least half a lease before, which it can no longer be working on.
            claimIdleMs: Math.floor(config.get('GATEWAY_LEASE_MS', { infer: true }) / 2),
          }),
        },
      ],
      exports: [InboundJournal, JournalReader],
    };
  }
}
