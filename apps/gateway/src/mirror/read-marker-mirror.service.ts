import { Injectable, Logger } from '@nestjs/common';
import type { DisplayedMarkerEvent } from '@chat/domain';
import { ConversationRepository, MessageArchive, type WaitingEdit, WaitingEdits } from '@chat/persistence';
import type { ChatFanoutJob } from '@chat/queues';
import { readEventId } from '@chat/realtime';
import type { Positioned } from './journal-batch';

/**
 * Read state from displayed markers (XEP-0333), whichever side sent them: a desktop client's marker and a web
 * user's (sent through the gateway and journaled like any copy) move the same per-member marker, so a
 * conversation read on one side is read on the other. Markers only move forward.
 */
@Injectable()
export class ReadMarkerMirror {
  private readonly logger = new Logger(ReadMarkerMirror.name);

  constructor(
    private readonly archive: MessageArchive,
    private readonly conversations: ConversationRepository,
    private readonly waiting: WaitingEdits,
  ) {}

  /**
   * @param countedUpTo the last position whose messages the conversation counters include: unread counts are
   *   recounted up to there, later messages are added by their own bookkeeping
   */
  async apply(markers: Array<Positioned<DisplayedMarkerEvent> & { waitingId?: string }>, countedUpTo: string): Promise<ChatFanoutJob[]> {
    const jobs: ChatFanoutJob[] = [];
    const early: WaitingEdit[] = [];
    const revived: string[] = [];
    for (const { event, position, waitingId } of markers) {
      const conversationId = event.conversation.id;
      const message = await this.archive.findByAlias(conversationId, event.of);
      if (!message) {
        // A marker can overtake its message (copies through different gateways): it waits for it.
        this.logger.debug(`displayed marker of ${event.reader} names no archived message in ${conversationId} yet; kept until it arrives`);
        if (!waitingId) early.push({ id: `displayed|${conversationId}|${event.reader}|${event.of}`, event, position });
        continue;
      }
      if (waitingId) revived.push(waitingId);
      const member = await this.conversations.member(conversationId, event.reader);
      if (member?.readPosition && member.readPosition >= message.position) continue;
      const unread = await this.archive.countUnread(conversationId, event.reader, message.position, countedUpTo);
      await this.conversations.recordRead(conversationId, event.reader, { messageId: message.id, position: message.position }, unread);
      jobs.push({
        kind: 'read',
        conversationId,
        conversationKind: event.conversation.kind,
        event: { id: readEventId(message.id, event.reader), conversationId, reader: event.reader, messageId: message.id, position: message.position, at: event.at.toISOString() },
      });
    }
    await this.waiting.keep(early);
    await this.waiting.remove(revived);
    return jobs;
  }
}
