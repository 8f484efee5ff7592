import type { ArchivedMessage } from '../message/archived-message';

/** A search as `parseSearchQuery` reads it, narrowed to the conversations the user may read. */
export interface MessageSearchFilter {
  conversationIds: string[];
  /** Every one must be a whole term of the message (folded the way `indexTerms` folds). */
  terms: string[];
  /** The unfinished last word of the query. */
  prefix?: string;
  author?: string;
  since?: Date;
  until?: Date;
  /** Next page: hits older than this position. */
  before?: string;
}

/**
 * Where message text is searched. The archive's own term arrays serve it today; another index could, behind the
 * same contract: the current versions of matching messages, newest first (by position), at most `limit`.
 */
export interface MessageSearchIndex {
  search(filter: MessageSearchFilter, limit: number): Promise<ArchivedMessage[]>;
}

/** The injection token of the MessageSearchIndex. */
export const MESSAGE_SEARCH_INDEX = Symbol('MESSAGE_SEARCH_INDEX');
