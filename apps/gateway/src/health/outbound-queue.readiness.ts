import { InjectQueue } from '@nestjs/bullmq';
import { Injectable } from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import { HealthIndicatorService } from '@nestjs/terminus';
import type { Queue } from 'bullmq';
import type { GatewayEnv } from '@chat/config';
import type { ReadinessCheck } from '@chat/health';
import { QueueName } from '@chat/queues';
import { XmppComponentConnection } from '@chat/xmpp';
import { OutboundConsumer } from '../outbound/outbound-consumer';

/**
 * The web sends: queued, in progress, failed (kept for an operator), and the oldest in progress here. A send still in
 * progress after OUTBOUND_STALL_MS while the link is up is stuck, and makes the gateway unready; while the link is
 * down sends wait for it by design, and the link's own check says so.
 */
@Injectable()
export class OutboundQueueReadiness implements ReadinessCheck {
  private readonly stallMs: number;

  constructor(
    private readonly indicators: HealthIndicatorService,
    @InjectQueue(QueueName.XmppOutbound) private readonly queue: Queue,
    private readonly consumer: OutboundConsumer,
    private readonly connection: XmppComponentConnection,
    config: ConfigService<GatewayEnv, true>,
  ) {
    this.stallMs = config.get('OUTBOUND_STALL_MS', { infer: true });
  }

  async check() {
    const indicator = this.indicators.check('outbound');
    const here = this.consumer.snapshot();
    const details = { ...(await this.queue.getJobCounts('waiting', 'active', 'delayed', 'failed')), here };
    const stuck = this.connection.status === 'online' && (here.oldest?.ageMs ?? 0) > this.stallMs;
    return stuck ? indicator.down({ ...details, stuck: `a ${here.oldest!.kind} has been in progress for ${here.oldest!.ageMs} ms` }) : indicator.up(details);
  }
}
