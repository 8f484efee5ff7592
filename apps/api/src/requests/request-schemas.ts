import { z, type ZodType } from 'zod';
import { describeNonXmlCharacter, SEARCH_LIMITS } from '@chat/domain';
import { EVENT_ID_PATTERN } from '@chat/realtime';
import type { ClientRequestName, WebRequest } from '@chat/web-protocol';

/**
 * Every request body and query the api accepts. Values are typed strings and numbers only, so an object such as
 * `{ "$gt": "" }` can never reach a database filter, and ids must match their own shapes.
 */

/**
 * Text that becomes XML (bodies, JIDs): a character XML 1.0 cannot carry (U+0000, most C0 controls, U+FFFE/FFFF,
 * lone surrogates) would make ejabberd close the component's whole stream, so it is refused here, naming the
 * character and where it is, never quoting the text.
 */
const xmlText = () =>
  z.string().check((ctx) => {
    const found = describeNonXmlCharacter(ctx.value);
    if (found) ctx.issues.push({ code: 'custom', input: ctx.value, message: `${found} is not a character XML 1.0 can carry` });
  });

const jid = xmlText().min(3).max(1024);
export const conversationId = xmlText()
  .max(2100)
  .regex(/^(dm:[^|\s]+@[^|\s]+\|[^|\s]+@[^|\s]+|room:[^|\s]+@[^|\s]+)$/, 'must be a conversation id (dm:a@x|b@x or room:r@muc)');
const body = xmlText().min(1, 'must not be empty');
export const messageId = z.string().regex(/^msg_[A-Za-z0-9_-]{22}$/, 'must be a message id (msg_…)');
/** The client's own key for a send: resending with the same key never sends twice. */
const clientKey = z.string().regex(/^[A-Za-z0-9_.:-]{1,128}$/, 'must be 1-128 letters, digits or _.:-');
/**
 * A page size: a JSON number, or a string of decimal digits (a REST query string has nothing else). Arrays,
 * objects, booleans, `"1e2"` or `" 5"` are refused rather than coerced.
 */
const limit = (max: number, fallback: number) => {
  const problem = `must be a whole number from 1 to ${max}`;
  return z
    .preprocess(
      (value) => (typeof value === 'string' && /^\d{1,9}$/.test(value) ? Number(value) : value),
      z.number({ error: problem }).int(problem).min(1, problem).max(max, problem),
    )
    .default(fallback);
};
const position = z.string().regex(/^\d{15}-\d{6}$/, 'must be a position cursor');

export const SendMessageRequest = z.object({
  to: jid.describe('a user (alice@example.com) or a room (team@conference.example.com)'),
  body,
  clientMessageId: clientKey.optional(),
});

export const CorrectMessageRequest = z.object({ messageId, body, clientMessageId: clientKey.optional() });
export const RetractMessageRequest = z.object({ messageId, clientMessageId: clientKey.optional() });
export const ChatStateRequest = z.object({ conversationId, state: z.enum(['active', 'composing', 'paused', 'inactive', 'gone']) });
export const JoinRoomRequest = z.object({ room: jid.describe('team@conference.example.com') });
export const MarkReadRequest = z.object({ conversationId, messageId });

export const HistoryRequest = z
  .object({
    conversationId,
    before: position.optional().describe('page of messages older than this position'),
    after: position.optional().describe('page of messages newer than this position'),
    limit: limit(200, 50),
  })
  .refine((r) => !(r.before && r.after), { message: 'give before or after, not both' });

export const ConversationListRequest = z.object({ before: z.iso.datetime().optional(), limit: limit(200, 50) });

/** `since`: the id of any event the client received (message, typing notice, read marker, presence). */
export const CatchUpRequest = z.object({ since: z.string().max(3200).regex(EVENT_ID_PATTERN, 'must be the id of an event you received'), limit: limit(1000, 500) });

export const ActivityPageRequest = z.object({ before: position.optional(), after: position.optional(), limit: limit(200, 50) });

export const SearchRequest = z.object({
  q: z.string().min(1).max(SEARCH_LIMITS.maxQueryLength),
  conversationId: conversationId.optional(),
  author: jid.optional(),
  room: jid.optional(),
  since: z.iso.datetime({ offset: true }).optional(),
  until: z.iso.datetime({ offset: true }).optional(),
  before: position.optional().describe('next page: hits older than this position'),
  limit: limit(100, 20),
});

export type SendMessageRequest = z.output<typeof SendMessageRequest>;
export type HistoryRequest = z.output<typeof HistoryRequest>;
export type SearchRequest = z.output<typeof SearchRequest>;

/**
 * Each socket request's schema agrees with the web protocol (libs/web-protocol): what a client builds by the
 * protocol's type is input the schema takes, and what the schema yields has the protocol's shape (a field renamed
 * or retyped on either side breaks the build here).
 */
type Agrees<S extends ZodType, N extends ClientRequestName> = WebRequest<N> extends z.input<S> ? (z.output<S> extends WebRequest<N> ? true : never) : never;
export const SCHEMAS_AS_PROTOCOL: [
  Agrees<typeof SendMessageRequest, 'send-message'>,
  Agrees<typeof CorrectMessageRequest, 'correct-message'>,
  Agrees<typeof RetractMessageRequest, 'retract-message'>,
  Agrees<typeof ChatStateRequest, 'chat-state'>,
  Agrees<typeof MarkReadRequest, 'mark-read'>,
  Agrees<typeof JoinRoomRequest, 'join-room'>,
  Agrees<typeof ConversationListRequest, 'list-conversations'>,
  Agrees<typeof HistoryRequest, 'history'>,
  Agrees<typeof CatchUpRequest, 'catch-up'>,
  Agrees<typeof ActivityPageRequest, 'activities'>,
  Agrees<typeof SearchRequest, 'search'>,
] = [true, true, true, true, true, true, true, true, true, true, true];
