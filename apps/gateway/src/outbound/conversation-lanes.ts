import { Injectable, Logger } from '@nestjs/common';
import { UnrecoverableError } from 'bullmq';
import { outboundConversation } from '@chat/domain';
import { type DeliveryOutcome, OutboundDelivery, type OutboundJobRef, type PreparedStanza, StoppedWaiting } from './outbound-delivery';
import { LinkNotReady, OutboundLink } from './outbound-link';

/** Stanzas of one conversation written together, under one confirming ping. */
const MAX_BATCH = 50;
/** A suspect sent alone that the server answers by closing the link this many times is refused for good. */
const MAX_SOLO_LINK_LOSSES = 2;

interface Entry {
  job: OutboundJobRef;
  prepared?: PreparedStanza;
  /** In flight when the server closed the link: goes alone from now on, so the blame can be placed. */
  suspect: boolean;
  soloLosses: number;
  settle: (outcome: DeliveryOutcome | Error) => void;
}

/**
 * One lane per conversation: its stanzas go out strictly in the order they were submitted, while other
 * conversations' lanes run side by side, so a slow or failing send holds up its own conversation only. What is
 * waiting in a lane is written in one go and confirmed by one ping, so a burst from one user costs one round trip,
 * not one per message. When the server closes the link, the lane's unconfirmed stanzas stay at its head, in order,
 * and go again alone: one that closes the link again each time is refused, the others go through.
 */
@Injectable()
export class ConversationLanes {
  private readonly logger = new Logger(ConversationLanes.name);
  private readonly lanes = new Map<string, Entry[]>();

  constructor(
    private readonly delivery: OutboundDelivery,
    private readonly link: OutboundLink,
  ) {}

  /** Takes its place in the lane now, synchronously: lanes keep the order of submission. */
  submit(job: OutboundJobRef, stopping: AbortSignal): Promise<DeliveryOutcome> {
    const key = outboundConversation(job.stanza).id;
    return new Promise((resolve, reject) => {
      const entry: Entry = { job, suspect: false, soloLosses: 0, settle: (o) => (o instanceof Error ? reject(o) : resolve(o)) };
      const lane = this.lanes.get(key);
      if (lane) return void lane.push(entry);
      this.lanes.set(key, [entry]);
      void this.drain(key, stopping);
    });
  }

  /** Conversations with sends waiting or in flight. */
  get busy(): number {
    return this.lanes.size;
  }

  private async drain(key: string, stopping: AbortSignal): Promise<void> {
    const lane = this.lanes.get(key)!;
    try {
      while (lane.length > 0) {
        if (stopping.aborted) throw new StoppedWaiting();
        await this.step(lane, stopping);
      }
    } catch (error) {
      const reason = stopping.aborted ? new StoppedWaiting() : (error as Error);
      if (!stopping.aborted) this.logger.error(`outbound lane ${key} failed: ${reason.message}`);
      for (const entry of lane.splice(0)) entry.settle(reason);
    } finally {
      this.lanes.delete(key);
    }
  }

  /** Prepares what waits at the head of the lane, writes it, and settles what was confirmed or refused. */
  private async step(lane: Entry[], stopping: AbortSignal): Promise<void> {
    await this.link.whenReady(stopping);
    const batch: Entry[] = [];
    for (let i = 0; i < lane.length && batch.length < MAX_BATCH;) {
      const entry = lane[i];
      if (!entry.prepared) {
        try {
          const prepared = await this.delivery.prepare(entry.job, stopping);
          if (prepared === 'sent before') {
            this.settle(lane, entry, 'sent before');
            continue;
          }
          entry.prepared = prepared;
        } catch (error) {
          if (!(error instanceof UnrecoverableError)) throw error;
          this.settle(lane, entry, error);
          continue;
        }
      }
      // A suspect goes alone; what follows it waits for the next step.
      if (entry.suspect && batch.length > 0) break;
      batch.push(entry);
      if (entry.suspect) break;
      i += 1;
    }
    if (batch.length > 0) await this.write(lane, batch, stopping);
  }

  private async write(lane: Entry[], batch: Entry[], stopping: AbortSignal): Promise<void> {
    const alone = batch[0].suspect;
    try {
      await this.link.sendConfirmed(
        batch.map((e) => e.prepared!.envelope),
        alone,
      );
    } catch (error) {
      if (error instanceof LinkNotReady) return;
      for (const entry of batch) {
        if (entry.suspect) entry.soloLosses += 1;
        entry.suspect = true;
      }
      const blamed = batch[0];
      if (alone && blamed.soloLosses >= MAX_SOLO_LINK_LOSSES) {
        this.settle(lane, blamed, new UnrecoverableError(`not sent: the server closed the link each of the ${blamed.soloLosses} times it was sent alone`));
      }
      this.logger.warn(`${batch.length} stanza(s) of one conversation not confirmed (${(error as Error).message}); sending them alone once the link is back`);
      // Whatever the server copied back before the link went was read: it must not go twice.
      await this.link.whenReady(stopping);
      for (const entry of batch) {
        if (lane.includes(entry) && (await this.delivery.mirrored(entry.job.stanza, entry.job.queuedAt))) {
          await this.delivery.record([{ job: entry.job, message: entry.prepared!.message }]);
          this.settle(lane, entry, 'sent before');
        }
      }
      return;
    }
    await this.delivery.record(batch.map((e) => ({ job: e.job, message: e.prepared!.message })));
    for (const entry of batch) this.settle(lane, entry, 'sent');
  }

  private settle(lane: Entry[], entry: Entry, outcome: DeliveryOutcome | Error): void {
    lane.splice(lane.indexOf(entry), 1);
    entry.settle(outcome);
  }
}
