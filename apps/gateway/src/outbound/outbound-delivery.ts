import { Injectable, Logger } from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import { UnrecoverableError } from 'bullmq';
import type { GatewayEnv } from '@chat/config';
import { outboundActivityId, type OutboundStanza } from '@chat/domain';
import { ActivityRepository, MessageArchive } from '@chat/persistence';
import { InboundJournal } from '@chat/queues';
import { privilegedEnvelope, serviceLogCopy, unsendableReason, userMessage } from '@chat/xmpp';
import { LinkNotReady, OutboundLink } from './outbound-link';
import { RoomSubscriptions } from './room-subscriptions';
import { SentStanzaMarks } from './sent-stanza-marks';
import { ServerEchoes } from './server-echoes';

/** A suspect sent alone that the server answers by closing the link this many times is refused for good. */
const MAX_SOLO_LINK_LOSSES = 2;
/** Waits between tries of a room subscription ejabberd's HTTP API refused or did not answer. */
const SUBSCRIPTION_RETRY_MS = [250, 1000, 3000];

export interface OutboundJobRef {
  id: string;
  stanza: OutboundStanza;
  /** The job ran before (a retry, or a stalled job after a crash): it may have been sent already. */
  ranBefore: boolean;
}

export type DeliveryOutcome = 'sent' | 'sent before';

/** The gateway is shutting down while the send waited (for the link, or its turn): nothing was sent. */
export class StoppedWaiting extends Error {
  constructor() {
    super('the gateway stopped before sending');
    this.name = 'StoppedWaiting';
  }
}

/**
 * Sends one web user's stanza into XMPP on their behalf (XEP-0356 §7) and journals the gateway's own copy, so the
 * mirror archives it whether or not the server copies it back. What can never go out fails at once and alone
 * (UnrecoverableError): text XML cannot carry, a stanza over the server's size limit, a room that keeps refusing
 * the subscription, or a stanza the server closes the link on each time it is sent alone. While the link is down
 * the send waits for it, however long: an ejabberd restart loses nothing.
 */
@Injectable()
export class OutboundDelivery {
  private readonly logger = new Logger(OutboundDelivery.name);
  private readonly componentDomain: string;
  private readonly serverDomain: string;
  private readonly maxStanzaBytes: number;

  constructor(
    private readonly link: OutboundLink,
    private readonly marks: SentStanzaMarks,
    private readonly echoes: ServerEchoes,
    private readonly journal: InboundJournal,
    private readonly rooms: RoomSubscriptions,
    private readonly archive: MessageArchive,
    private readonly activities: ActivityRepository,
    config: ConfigService<GatewayEnv, true>,
  ) {
    this.componentDomain = config.get('XMPP_COMPONENT_DOMAIN', { infer: true });
    this.serverDomain = config.get('XMPP_DOMAIN', { infer: true });
    this.maxStanzaBytes = config.get('XMPP_MAX_STANZA_BYTES', { infer: true });
  }

  async deliver(job: OutboundJobRef, stopping: AbortSignal): Promise<DeliveryOutcome> {
    if (stopping.aborted) throw new StoppedWaiting();
    try {
      return await this.send(job, stopping);
    } catch (error) {
      if (stopping.aborted && !(error instanceof UnrecoverableError)) throw new StoppedWaiting();
      throw error;
    }
  }

  private async send(job: OutboundJobRef, stopping: AbortSignal): Promise<DeliveryOutcome> {
    const { stanza } = job;
    const message = userMessage(stanza);
    const envelope = privilegedEnvelope(message, this.componentDomain, this.serverDomain);
    const refusal = unsendableReason(envelope, this.maxStanzaBytes);
    if (refusal) throw new UnrecoverableError(`not sent: ${refusal}`);
    if (job.ranBefore && (await this.sentBefore(job))) return this.recorded(job, message, 'sent before');
    if (stanza.conversationKind === 'room' && stanza.kind !== 'chat-state') await this.subscribed(stanza, stopping);

    let suspect = false;
    let soloLosses = 0;
    for (;;) {
      await this.link.whenReady(stopping);
      try {
        await this.link.sendConfirmed(envelope, suspect);
        break;
      } catch (error) {
        if (error instanceof LinkNotReady) continue;
        if (suspect) soloLosses += 1;
        if (soloLosses >= MAX_SOLO_LINK_LOSSES) {
          throw new UnrecoverableError(`not sent: the server closed the link each of the ${soloLosses} times it was sent alone`);
        }
        // Any stanza in flight when the link went may be the cause; from now on this one goes alone.
        suspect = true;
        this.logger.warn(`${stanza.kind} from ${stanza.from} to ${stanza.to} not confirmed (${(error as Error).message}); sending it alone once the link is back`);
        await this.link.whenReady(stopping);
        if (await this.mirrored(stanza)) return this.recorded(job, message, 'sent before');
      }
    }
    return this.recorded(job, message, 'sent');
  }

  /** Marks the job sent and journals the gateway's copy; both are idempotent, so a job run again repeats them. */
  private async recorded(job: OutboundJobRef, message: ReturnType<typeof userMessage>, outcome: DeliveryOutcome): Promise<DeliveryOutcome> {
    if (job.stanza.kind !== 'chat-state') await this.marks.add(job.id);
    // A receipt's copy would be skipped by the mirror anyway (a message without body).
    if (job.stanza.kind === 'receipt') return outcome;
    await this.journal.append({ kind: 'stanza', xml: serviceLogCopy(message, this.componentDomain, this.serverDomain).toString() });
    return outcome;
  }

  private async sentBefore(job: OutboundJobRef): Promise<boolean> {
    return (await this.marks.has(job.id)) || (await this.mirrored(job.stanza));
  }

  /** A stanza the server copied back, or whose copy the mirror already holds, went out before. */
  private async mirrored(stanza: OutboundStanza): Promise<boolean> {
    if ('stanzaId' in stanza && stanza.stanzaId && this.echoes.has(stanza.stanzaId)) return true;
    const id = outboundActivityId(stanza);
    if (!id) return false;
    return stanza.kind === 'message' ? !!(await this.archive.findById(id)) : !!(await this.activities.findById(id));
  }

  /** The room accepts the user's messages only as a MUC/Sub subscriber; a few tries, then the send fails alone. */
  private async subscribed(stanza: OutboundStanza, stopping: AbortSignal): Promise<void> {
    for (let attempt = 0; ; attempt += 1) {
      await this.link.whenReady(stopping);
      try {
        return await this.rooms.ensure(stanza.from, stanza.to);
      } catch (error) {
        const reason = (error as Error).message;
        if (attempt >= SUBSCRIPTION_RETRY_MS.length) throw new UnrecoverableError(`not sent: the room subscription failed ${attempt + 1} times (${reason})`);
        this.logger.warn(`subscribing ${stanza.from} to ${stanza.to} failed (${reason}); trying again`);
        await new Promise((resolve) => setTimeout(resolve, SUBSCRIPTION_RETRY_MS[attempt]));
      }
    }
  }
}
