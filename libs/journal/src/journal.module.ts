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
            claimIdleMs: config.get('JOURNAL_CLAIM_IDLE_MS', { infer: true }),
          }),
        },
      ],
      exports: [InboundJournal, JournalReader],
    };
  }
}
