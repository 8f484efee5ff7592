import { Injectable, Logger } from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import type { Element } from '@xmpp/xml';
import { UnrecoverableError } from 'bullmq';
import type { GatewayEnv } from '@chat/config';
import { OUTBOUND_KINDS, outboundActivityId, type OutboundStanza } from '@chat/domain';
import { ActivityRepository, MessageArchive } from '@chat/persistence';
import { InboundJournal } from '@chat/journal';
import { EjabberdArchive, privilegedEnvelope, serviceLogCopy, unsendableReason, userMessage } from '@chat/xmpp';
import { OutboundLink } from './outbound-link';
import { RoomSubscriptions } from './room-subscriptions';
import { SentStanzaMarks } from './sent-stanza-marks';
import { ServerEchoes } from './server-echoes';

/** Waits between tries of a room subscription ejabberd's HTTP API refused or did not answer. */
const SUBSCRIPTION_RETRY_MS = [250, 1000, 3000];

export interface OutboundJobRef {
  id: string;
  stanza: OutboundStanza;
  /** The job ran before (a retry, or a stalled job after a crash): it may have been sent already. */
  ranBefore: boolean;
  /** When the job was queued (ms since the epoch): how far back ejabberd's archive is asked whether it went out. */
  queuedAt?: number;
}

export type DeliveryOutcome = 'sent' | 'sent before';

/** A stanza ready to go: the user's message and the XEP-0356 envelope the component writes. */
export interface PreparedStanza {
  message: Element;
  envelope: Element;
}

/** The gateway is shutting down while the send waited (for the link, or its turn): nothing was sent. */
export class StoppedWaiting extends Error {
  constructor() {
    super('the gateway stopped before sending');
    this.name = 'StoppedWaiting';
  }
}

/**
 * What sending one web user's stanza into XMPP on their behalf (XEP-0356 §7) takes, before and after the write:
 * refusing what can never go out (UnrecoverableError: text XML cannot carry, more bytes than the server accepts, a
 * room that keeps refusing the subscription), noticing what went out before, and recording what went out: a mark
 * and the gateway's own copy in the journal, so the mirror archives it whether or not the server copies it back.
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
    private readonly ejabberdArchive?: EjabberdArchive,
  ) {
    this.componentDomain = config.get('XMPP_COMPONENT_DOMAIN', { infer: true });
    this.serverDomain = config.get('XMPP_DOMAIN', { infer: true });
    this.maxStanzaBytes = config.get('XMPP_MAX_STANZA_BYTES', { infer: true });
  }

  /** The stanza to write, or 'sent before' when a job run again finds it went out already (and is recorded). */
  async prepare(job: OutboundJobRef, stopping: AbortSignal): Promise<PreparedStanza | 'sent before'> {
    const { stanza } = job;
    const message = userMessage(stanza);
    const envelope = privilegedEnvelope(message, this.componentDomain, this.serverDomain);
    const refusal = unsendableReason(envelope, this.maxStanzaBytes);
    if (refusal) throw new UnrecoverableError(`not sent: ${refusal}`);
    // The mark is asked whatever BullMQ's counters say: a job taken back after a crash does not always count as
    // having run (issue 11 saw a stalled job sent twice, 69 s apart). The archive is asked only for a job that ran.
    if ((await this.marks.has(job.id)) || (job.ranBefore && (await this.mirrored(stanza, job.queuedAt)))) {
      await this.record([{ job, message }]);
      return 'sent before';
    }
    if (stanza.conversationKind === 'room' && !OUTBOUND_KINDS[stanza.kind].live) await this.subscribed(stanza, stopping);
    return { message, envelope };
  }

  /** Marks the jobs sent and journals the gateway's copies; both are idempotent, so a job run again repeats them. */
  async record(sent: Array<{ job: OutboundJobRef; message: Element }>): Promise<void> {
    await this.marks.addAll(sent.filter((s) => !OUTBOUND_KINDS[s.job.stanza.kind].live).map((s) => s.job.id));
    const copies = sent.filter((s) => OUTBOUND_KINDS[s.job.stanza.kind].journaled);
    await this.journal.appendAll(copies.map((s) => ({ kind: 'stanza', xml: serviceLogCopy(s.message, this.componentDomain, this.serverDomain).toString() })));
  }

  /** A stanza the server copied back, or whose copy the mirror already holds, went out before. */
  async mirrored(stanza: OutboundStanza, queuedAt?: number): Promise<boolean> {
    const stanzaId = 'stanzaId' in stanza ? stanza.stanzaId : undefined;
    if (stanzaId && this.echoes.has(stanzaId)) return true;
    const id = outboundActivityId(stanza);
    const recordedIn = OUTBOUND_KINDS[stanza.kind].recordedIn;
    if (!id || !recordedIn) return false;
    if (recordedIn === 'archive' ? await this.archive.findById(id) : await this.activities.findById(id)) return true;
    // A gateway killed right after writing the stanza recorded nothing, and the server's copy may have gone to its
    // dead link: ejabberd's own archive (mod_mam) still has the message if it went out (issue 11: a web message
    // sent twice when the active gateway was killed).
    return !!stanzaId && queuedAt !== undefined && !!(await this.ejabberdArchive?.holdsStanza(stanzaId, queuedAt - 60_000));
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
