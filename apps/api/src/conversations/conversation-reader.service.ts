import { Injectable } from '@nestjs/common';
import { type Activity, assertNever, type BareJid } from '@chat/domain';
import { ActivityRepository, ConversationRepository, MessageArchive } from '@chat/persistence';
import { positionAt } from '@chat/journal';
import { parseEventId } from '@chat/realtime';
import type { WebConversation, WebHistoryPage } from '@chat/web-protocol';
import { ConversationAccess } from '../access/conversation-access';
import { RateLimits } from '../limits/rate-limits';
import { RequestRefused } from '../requests/request-refused';
import { orderedCollection, orderedCollectionPage, toConversationView, toHistoryMessage, toStreamItem } from './web-views.mapper';

const STREAM_PATH = '/api/v1/activities';
/** Read receipts shown per conversation; a large room lists the first ones. */
const MAX_READERS = 100;
/** Presence and messages travel separate queues: a presence change may be seen before a message journaled earlier. */
const PRESENCE_SLACK_MS = 60_000;

/** What a web user may read: their conversations, a conversation's history, what they missed, their stream. */
@Injectable()
export class ConversationReader {
  constructor(
    private readonly access: ConversationAccess,
    private readonly conversations: ConversationRepository,
    private readonly archive: MessageArchive,
    private readonly activities: ActivityRepository,
    private readonly limits: RateLimits,
  ) {}

  async list(user: BareJid, request: { before?: string; limit: number }): Promise<{ conversations: WebConversation[]; next?: string }> {
    await this.limits.consume('read', user);
    const rows = await this.conversations.listFor(user, { before: request.before ? new Date(request.before) : undefined }, request.limit);
    const conversations = rows.map((r) => toConversationView(user, r.conversation, r.member));
    const last = conversations[conversations.length - 1];
    return { conversations, ...(rows.length === request.limit && last?.lastActivityAt ? { next: last.lastActivityAt } : {}) };
  }

  /** A page of history, oldest first, with cursors to the pages on either side. */
  async history(user: BareJid, request: { conversationId: string; before?: string; after?: string; limit: number }): Promise<WebHistoryPage> {
    await this.limits.consume('read', user);
    await this.access.conversation(user, request.conversationId);
    // One extra tells whether there is more in the direction of travel.
    const [page, members] = await Promise.all([this.archive.page(request.conversationId, request, request.limit + 1), this.conversations.membersOf(request.conversationId)]);
    const more = page.length > request.limit;
    const messages = (more ? (request.after ? page.slice(0, -1) : page.slice(1)) : page).map(toHistoryMessage);
    const first = messages[0]?.position;
    const last = messages[messages.length - 1]?.position;
    const olderExists = request.after ? !!first : more;
    const newerExists = request.after ? more : !!request.before && !!last;
    return {
      conversationId: request.conversationId,
      messages,
      ...(olderExists && first ? { before: first } : {}),
      ...(newerExists && last ? { after: last } : {}),
      // Read state of the others when the page loads (the `read` event carries it on from there).
      readers: members
        .filter((m) => m.jid !== user && m.readPosition && m.readMessageId)
        .slice(0, MAX_READERS)
        .map((m) => ({ reader: m.jid, messageId: m.readMessageId!, position: m.readPosition! })),
    };
  }

  /**
   * Everything after the last event the client saw (a message, a typing notice, a read marker or a presence change),
   * oldest first; `next` continues when more remain. A presence change is not in the journal's order, so it resumes a
   * little before its time: what the client saw already comes again, and it drops that by id.
   */
  async catchUp(user: BareJid, request: { since: string; limit: number }) {
    await this.limits.consume('read', user);
    const ids = await this.access.conversationIds(user);
    const after = await this.positionOf(request.since, ids);
    const activities = await this.activities.page(ids, { after }, request.limit);
    const items = await this.render(activities);
    return { activities: items, ...(activities.length === request.limit ? { next: activities[activities.length - 1].id } : {}) };
  }

  /** The user's activity stream as an ActivityStreams 2.0 OrderedCollection: newest first, paged by position. */
  async streamCollection(user: BareJid) {
    await this.limits.consume('read', user);
    return orderedCollection(STREAM_PATH, `${STREAM_PATH}/page`);
  }

  async streamPage(user: BareJid, request: { before?: string; after?: string; limit: number }) {
    await this.limits.consume('read', user);
    const ids = await this.access.conversationIds(user);
    const activities = await this.activities.page(ids, request, request.limit);
    const newestFirst = (await this.render(activities)).reverse();
    const query = new URLSearchParams(
      Object.entries(request)
        .filter(([, v]) => v !== undefined)
        .map(([k, v]) => [k, String(v)] as [string, string]),
    );
    const links = {
      ...(activities.length === request.limit || request.after ? { next: `${STREAM_PATH}/page?before=${activities[0]?.position ?? request.after}&limit=${request.limit}` } : {}),
      ...(activities.length > 0 && (request.before || request.after)
        ? { prev: `${STREAM_PATH}/page?after=${activities[activities.length - 1].position}&limit=${request.limit}` }
        : {}),
    };
    return orderedCollectionPage(`${STREAM_PATH}/page?${query}`, STREAM_PATH, newestFirst, links);
  }

  /** The journal position an event id stands for, among the user's conversations. */
  private async positionOf(eventId: string, conversationIds: string[]): Promise<string> {
    const ref = parseEventId(eventId);
    const unknown = () => new RequestRefused('not-found', 'since: no event of yours has this id');
    switch (ref?.kind) {
      case 'activity': {
        const seen = await this.activities.findById(ref.activityId);
        if (!seen?.target || !conversationIds.includes(seen.target.id)) throw unknown();
        return seen.position;
      }
      case 'read': {
        const message = await this.archive.findById(ref.messageId);
        if (!message || !conversationIds.includes(message.conversationId)) throw unknown();
        return message.position;
      }
      case 'chat-state':
        return ref.position;
      case 'presence':
        return positionAt(ref.at.getTime() - PRESENCE_SLACK_MS);
      case undefined:
        throw unknown();
      default:
        return assertNever(ref, 'event id kind');
    }
  }

  private async render(activities: Activity[]) {
    const noteIds = activities.flatMap((a) => (a.object.type === 'Note' ? [a.object.id] : []));
    const retracted = await this.archive.retractedAmong(noteIds);
    return activities.map((a) => toStreamItem(a, retracted));
  }
}
