import { Inject, Injectable } from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import type { ApiEnv } from '@chat/config';
import { type BareJid, MESSAGE_SEARCH_INDEX, type MessageSearchIndex, parseSearchQuery, roomConversation, snippet, splitJid } from '@chat/domain';
import type { WebSearchHit } from '@chat/web-protocol';
import { ConversationAccess } from '../access/conversation-access';
import { toHistoryMessage } from '../conversations/web-views.mapper';
import { RateLimits } from '../limits/rate-limits';
import { parseJid } from '../requests/jid-list.request';
import { RequestRefused } from '../requests/request-refused';
import type { SearchRequest } from '../requests/request-schemas';

/**
 * Search across everything the user took part in: every term must match, the last one as a prefix, case and
 * accents folded, CJK text by character bigrams. Newest first, paged by position.
 */
@Injectable()
export class MessageSearch {
  private readonly mucDomain: string;

  constructor(
    private readonly access: ConversationAccess,
    @Inject(MESSAGE_SEARCH_INDEX) private readonly index: MessageSearchIndex,
    private readonly limits: RateLimits,
    config: ConfigService<ApiEnv, true>,
  ) {
    this.mucDomain = config.get('XMPP_MUC_DOMAIN', { infer: true });
  }

  async search(user: BareJid, request: SearchRequest): Promise<{ query: string; hits: WebSearchHit[]; before?: string }> {
    await this.limits.consume('read', user);
    const query = parseSearchQuery(request.q);
    if ('error' in query) throw new RequestRefused('bad-request', `q: ${query.error}`);
    const conversationIds = await this.scope(user, request);
    const messages = await this.index.search(
      {
        conversationIds,
        terms: query.terms,
        prefix: query.prefix,
        author: request.author ? parseJid(request.author, 'author') : undefined,
        since: request.since ? new Date(request.since) : undefined,
        until: request.until ? new Date(request.until) : undefined,
        before: request.before,
      },
      request.limit,
    );
    const hits = messages.map((m) => ({ message: toHistoryMessage(m), snippet: snippet(m.body, query.highlight) }));
    return { query: request.q, hits, ...(messages.length === request.limit ? { before: messages[messages.length - 1].position } : {}) };
  }

  /** The conversations searched: the user's, narrowed by the filters, never widened. */
  private async scope(user: BareJid, request: SearchRequest): Promise<string[]> {
    if (request.conversationId) return [(await this.access.conversation(user, request.conversationId)).conversation.id];
    if (request.room) {
      const room = parseJid(request.room, 'room');
      const { local, domain } = splitJid(room);
      if (!local || domain !== this.mucDomain) throw new RequestRefused('bad-request', `room: not a room of ${this.mucDomain}`);
      return [(await this.access.conversation(user, roomConversation(room).id)).conversation.id];
    }
    return this.access.conversationIds(user);
  }
}
