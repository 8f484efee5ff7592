import { Injectable, Logger } from '@nestjs/common';
import {
  type Activity,
  type ArchivedMessage,
  assertNever,
  type BareJid,
  type ChatMessageEvent,
  type ConversationEvent,
  type DisplayedMarkerEvent,
  conversationEventId,
  directParticipants,
  roomConversation,
  type RoomOccupancyEvent,
  splitJid,
} from '@chat/domain';
import { ActivityRepository, type ConversationActivity, ConversationRepository, MessageArchive, type WaitingEdit, WaitingEdits } from '@chat/persistence';
import type { ChatFanoutJob } from '@chat/queues';
import type { Positioned } from './journal-batch';
import { RecentIds } from './recent-ids';
import { authorOf, messageJobs } from './web-events.mapper';

const EXCERPT = 140;
const ACTIVITY_CHUNK = 100;

/** Read markers kept because their message had not arrived, and whose message this batch archived. */
export type RevivedMarker = Positioned<DisplayedMarkerEvent> & { waitingId: string };

/** What remains to record of an archived batch. */
export interface Bookkeeping {
  activities: Activity[];
  /** Messages this batch archived for the first time. */
  fresh: ArchivedMessage[];
}

/**
 * Archives what people say: new messages once each, corrections and retractions applied to the message they
 * target (by its author only), conversations and unread counts kept current. Returns what must reach web users.
 */
@Injectable()
export class ConversationMirror {
  private readonly logger = new Logger(ConversationMirror.name);
  private readonly recent = new RecentIds();
  private readonly knownMembers = new RecentIds();

  constructor(
    private readonly archive: MessageArchive,
    private readonly activities: ActivityRepository,
    private readonly conversations: ConversationRepository,
    private readonly waiting: WaitingEdits,
  ) {}

  /**
   * Stores a batch's messages and applies its edits; returns what web users must receive, and the bookkeeping
   * (activity stream, conversation counters) for `bookkeep` once that is on its way.
   * @param replay the batch was delivered before (crash recovery): deliver again whatever it contains
   */
  async apply(
    items: Positioned<ConversationEvent>[],
    occupancy: RoomOccupancyEvent[],
    replay: boolean,
  ): Promise<{ jobs: ChatFanoutJob[]; work: Bookkeeping; markers: RevivedMarker[] }> {
    await this.conversations.ensureMembers(occupancy.filter((o) => o.present).map((o) => ({ conversationId: roomConversation(o.room).id, jid: o.jid, nick: o.nick })));
    await this.resolveNicks(items);

    const archived = uniqueById(items.filter((i): i is Positioned<ChatMessageEvent> => i.event.kind === 'message').map(({ event, position }) => toArchived(event, position)));
    const candidates = archived.filter((m) => replay || !this.recent.has(m.id));
    const inserted = await this.archive.insertNew(candidates);
    candidates.forEach((m) => this.recent.add(m.id));
    const fresh = candidates.filter((m) => inserted.has(m.id));
    const { applied: own, early } = await this.applyEdits(items);
    // Edits that came before their message (another gateway's copy, a backfill) apply now that it is here.
    const waiting = await this.waiting.waitingFor(replay ? candidates : fresh);
    const waitingEdits = waiting.filter((w) => w.event.kind !== 'displayed');
    const { applied: revived } = await this.applyEdits(waitingEdits as Positioned<ConversationEvent>[]);
    const edits = [...own, ...revived];
    await this.waiting.keep(early);
    const revivedIds = new Set(revived.map((r) => r.activityId));
    await this.waiting.remove(waitingEdits.filter((w) => revivedIds.has(w.id)).map((w) => w.id));
    const markers = waiting.flatMap((w) => (w.event.kind === 'displayed' ? [{ event: w.event, position: w.position, waitingId: w.id }] : []));

    // Edits come after the messages of the batch: a correction never reaches a socket before what it corrects.
    const jobs = messageJobs([
      ...candidates.filter((m) => replay || inserted.has(m.id)).map((m) => ({ message: m, eventId: m.id })),
      ...edits
        .filter((e) => replay || e.applied)
        .map((e) => ({
          message: e.message,
          eventId: e.activityId,
          ...editReference(e.kind, e.message.id),
        })),
    ]);

    const work: Bookkeeping = {
      activities: [...candidates.map((m) => createActivity(m)), ...edits.map((e) => editActivity(e.activityId, e.kind, e.message, e.at, e.position))],
      fresh,
    };
    return { jobs, work, markers };
  }

  /**
   * The activity stream and conversation counters of any number of archived batches, written together: counters
   * of the same conversation across batches are coalesced into one update.
   */
  async bookkeep(work: Bookkeeping[]): Promise<void> {
    const summaries = summarize(work.flatMap((w) => w.fresh));
    await this.ensureDirectMembers(summaries);
    await Promise.all([this.appendInChunks(work.flatMap((w) => w.activities)), this.conversations.recordActivity(summaries)]);
  }

  /** Short writes: the archive step of the next batch never waits long behind the activity stream. */
  private async appendInChunks(activities: Activity[]): Promise<void> {
    for (let i = 0; i < activities.length; i += ACTIVITY_CHUNK) await this.activities.appendMany(activities.slice(i, i + ACTIVITY_CHUNK));
  }

  /** The two people of a direct conversation are its members from its first message on. */
  private async ensureDirectMembers(summaries: ConversationSummary[]): Promise<void> {
    const missing = summaries.flatMap((c) =>
      (c.conversation.kind === 'direct' ? directParticipants(c.conversation.id) : c.authors)
        .map((jid) => ({ conversationId: c.conversation.id, jid }))
        .filter((m) => !this.knownMembers.has(`${m.conversationId}|${m.jid}`)),
    );
    await this.conversations.ensureMembers(missing);
    missing.forEach((m) => this.knownMembers.add(`${m.conversationId}|${m.jid}`));
  }

  /** A room copy names its author by nick; the room's members (learnt from presences) tell who that is. */
  private async resolveNicks(items: Positioned<ConversationEvent>[]): Promise<void> {
    const cache = new Map<string, BareJid | undefined>();
    for (const { event } of items) {
      const occupant = event.author.occupant;
      if (event.author.jid || !occupant) continue;
      if (!cache.has(occupant)) {
        cache.set(occupant, await this.conversations.memberByNick(event.conversation.id, splitJid(occupant).resource));
      }
      const jid = cache.get(occupant);
      if (jid) event.author = { jid };
    }
  }

  /** Applies the corrections and retractions among `items`; those whose message is not archived yet come back as `early`. */
  private async applyEdits(items: Positioned<ConversationEvent>[]) {
    const early: WaitingEdit[] = [];
    const applied: Array<{
      activityId: string;
      kind: EditKind;
      message: ArchivedMessage;
      applied: boolean;
      at: Date;
      position: string;
    }> = [];
    const seen = new Set<string>();
    for (const { event, position } of items) {
      if (event.kind === 'message') continue;
      const activityId = conversationEventId(event);
      // Copies of the same edit in one batch: the first applies it, the others are the same event.
      if (seen.has(activityId)) continue;
      seen.add(activityId);
      const request = { activityId, conversationId: event.conversation.id, author: event.author, at: event.at };
      let outcome;
      switch (event.kind) {
        case 'correction':
          outcome = await this.archive.correct({ ...request, targetAlias: event.replaces }, event.body);
          break;
        case 'retraction':
          outcome = await this.archive.retract({ ...request, targetAlias: event.retracts });
          break;
        default:
          return assertNever(event, 'conversation event');
      }
      if (!outcome) {
        this.logger.debug(`${event.kind} ${activityId} names no message of its author in ${event.conversation.id} yet; kept until it arrives`);
        early.push({ id: activityId, event, position });
        continue;
      }
      applied.push({ activityId, kind: event.kind, message: outcome.message, applied: outcome.applied, at: event.at, position });
    }
    return { applied, early };
  }
}

/** The first copy of each message in a batch. */
function uniqueById(messages: ArchivedMessage[]): ArchivedMessage[] {
  const seen = new Set<string>();
  return messages.filter(({ id }) => {
    if (seen.has(id)) return false;
    seen.add(id);
    return true;
  });
}

function toArchived(event: ChatMessageEvent, position: string): ArchivedMessage {
  return {
    id: conversationEventId(event),
    conversationId: event.conversation.id,
    conversationKind: event.conversation.kind,
    messageType: event.messageType,
    author: event.author.jid,
    authorOccupant: event.author.jid ? undefined : event.author.occupant,
    to: event.to,
    body: event.body,
    aliases: event.aliases,
    sentAt: event.at,
    position,
    edits: [],
  };
}

function target(message: ArchivedMessage) {
  return { type: 'Conversation' as const, id: message.conversationId, kind: message.conversationKind };
}

function createActivity(message: ArchivedMessage): Activity {
  return {
    id: message.id,
    type: 'Create',
    actor: authorOf(message),
    object: { type: 'Note', id: message.id, content: message.body },
    target: target(message),
    published: message.sentAt,
    position: message.position,
  };
}

/** The edits of a message: a kind added to ConversationEvent must say below what it sends and records. */
type EditKind = Exclude<ConversationEvent['kind'], 'message'>;

/** How a live event names the message an edit changes (XEP-0308 `replace`, XEP-0424 `retract`). */
function editReference(kind: EditKind, messageId: string): { replace: string } | { retract: string } {
  switch (kind) {
    case 'correction':
      return { replace: messageId };
    case 'retraction':
      return { retract: messageId };
    default:
      return assertNever(kind, 'edit kind');
  }
}

function editActivity(id: string, kind: EditKind, message: ArchivedMessage, at: Date, position: string): Activity {
  const actor = authorOf(message);
  switch (kind) {
    case 'correction':
      return { id, type: 'Update', actor, object: { type: 'Note', id: message.id, content: message.body }, target: target(message), published: at, position };
    case 'retraction':
      return { id, type: 'Delete', actor, object: { type: 'Tombstone', id: message.id }, target: target(message), published: at, position };
    default:
      return assertNever(kind, 'edit kind');
  }
}

/** New messages coalesced per conversation, so each counter is written once per batch. */
type ConversationSummary = ConversationActivity & { authors: BareJid[] };

function summarize(messages: ArchivedMessage[]): ConversationSummary[] {
  const byConversation = new Map<string, ConversationSummary>();
  for (const m of messages) {
    let entry = byConversation.get(m.conversationId);
    if (!entry) {
      const direct = m.conversationKind === 'direct';
      entry = {
        conversation: target(m),
        addresses: direct ? directParticipants(m.conversationId) : [m.to],
        authors: [],
        newMessagesByAuthor: new Map(),
        lastMessage: { id: m.id, excerpt: '', at: m.sentAt, position: m.position },
      };
      byConversation.set(m.conversationId, entry);
    }
    const author = m.author ?? '';
    if (m.author && !entry.authors.includes(m.author as BareJid)) entry.authors.push(m.author as BareJid);
    entry.newMessagesByAuthor.set(author, (entry.newMessagesByAuthor.get(author) ?? 0) + 1);
    if (m.position >= entry.lastMessage.position) {
      entry.lastMessage = { id: m.id, author: authorOf(m), excerpt: m.body.slice(0, EXCERPT), at: m.sentAt, position: m.position };
    }
  }
  return [...byConversation.values()];
}
