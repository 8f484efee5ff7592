import { z } from 'zod';
import type { WebConversation, WebHistoryMessage, WebHistoryPage, WebPresence, WebSearchHit, WebSendReceipt, WebStreamActivity } from '@chat/web-protocol';
import { ERROR_KINDS, type ErrorAnswer } from '../requests/request-refused';

/**
 * What the api answers, as the OpenAPI document shows it. The types in libs/realtime are what the code builds; these
 * schemas say the same for clients (and the contract test holds live answers to them). Objects are closed: a field
 * the code adds without documenting it fails the contract test.
 */

const stamp = z.iso.datetime();
const position = z.string().regex(/^\d{15}-\d{6}$/);
const messageId = z.string().regex(/^msg_[A-Za-z0-9_-]{22}$/);
const activityId = z.string().regex(/^(msg|edit|retract)_[A-Za-z0-9_-]{22}$/);

export const ErrorAnswerSchema = z.object({
  error: z.enum(ERROR_KINDS as [ErrorAnswer['error'], ...ErrorAnswer['error'][]]),
  message: z.string(),
  retryAfter: z.int().min(1).optional().describe('rate limits: seconds until the budget is renewed (also the Retry-After header)'),
  reason: z.enum(['missing', 'expired', 'invalid']).optional().describe('401: why the token was refused'),
});

const HistoryMessage = z.object({
  id: messageId,
  conversationId: z.string(),
  type: z.string(),
  from: z.string(),
  to: z.string(),
  body: z.string(),
  stamp,
  position,
  editedAt: stamp.optional(),
  retractedAt: stamp.optional(),
});

export const HistoryPageAnswer = z.object({
  conversationId: z.string(),
  messages: z.array(HistoryMessage).describe('oldest first'),
  before: position.optional().describe('cursor of the older page'),
  after: position.optional().describe('cursor of the newer page'),
  readers: z.array(z.object({ reader: z.string(), messageId, position })),
});

const Conversation = z.object({
  id: z.string(),
  kind: z.enum(['direct', 'room']),
  with: z.string(),
  unread: z.int().min(0),
  readUpTo: messageId.optional(),
  lastActivityAt: stamp.optional(),
  lastMessage: z.object({ id: messageId, from: z.string().optional(), excerpt: z.string(), stamp, position }).optional(),
});

export const ConversationListAnswer = z.object({
  conversations: z.array(Conversation),
  next: stamp.optional().describe('`before` of the next page'),
});

export const SendReceiptAnswer = z.object({ id: z.string(), conversationId: z.string(), status: z.literal('queued') });
export const ReadReceiptAnswer = z.object({ conversationId: z.string(), messageId, status: z.literal('queued') });
export const ChatStateAnswer = z.object({ sent: z.literal(true) });
export const JoinRoomAnswer = z.object({ conversationId: z.string(), joined: z.literal(true) });

const StreamActivity = z.object({
  id: z.string(),
  type: z.enum(['Create', 'Update', 'Delete']),
  actor: z.string(),
  object: z.union([z.object({ type: z.literal('Note'), id: activityId.or(messageId), content: z.string() }), z.object({ type: z.literal('Tombstone'), id: z.string() })]),
  target: z.object({ type: z.literal('Conversation'), id: z.string(), kind: z.enum(['direct', 'room']) }).optional(),
  published: stamp,
  position,
});

export const CatchUpAnswer = z.object({
  activities: z.array(StreamActivity).describe('oldest first'),
  next: z.string().optional().describe('`since` of the next call, when more remain'),
});

const AS_CONTEXT = z.literal('https://www.w3.org/ns/activitystreams');
export const StreamCollectionAnswer = z.object({ '@context': AS_CONTEXT, id: z.string(), type: z.literal('OrderedCollection'), first: z.string() });
export const StreamPageAnswer = z.object({
  '@context': AS_CONTEXT,
  id: z.string(),
  type: z.literal('OrderedCollectionPage'),
  partOf: z.string(),
  next: z.string().optional(),
  prev: z.string().optional(),
  orderedItems: z.array(StreamActivity).describe('newest first'),
});

export const SearchAnswer = z.object({
  query: z.string(),
  hits: z.array(z.object({ message: HistoryMessage, snippet: z.object({ text: z.string(), highlights: z.array(z.tuple([z.int(), z.int()])) }) })),
  before: position.optional().describe('cursor of the next page'),
});

export const PresenceAnswer = z.object({
  presences: z.array(
    z.object({
      id: z.string(),
      jid: z.string(),
      show: z.enum(['available', 'away', 'dnd', 'xa', 'offline']),
      status: z.string().optional(),
      lastSeen: stamp.optional(),
      resources: z.int().min(0),
      web: z.boolean(),
    }),
  ),
});

export const DemoTokenAnswer = z.object({ token: z.string(), jid: z.string(), expiresIn: z.int() });

/**
 * The documentation never promises more than the code's own types: each schema's output must be assignable to the
 * type the code answers with (a field renamed or retyped there breaks the build here).
 */
type Fits<Documented, Built> = Documented extends Built ? true : never;
export const DOCUMENTED_AS_BUILT: [
  Fits<z.output<typeof HistoryPageAnswer>, WebHistoryPage>,
  Fits<z.output<typeof HistoryMessage>, WebHistoryMessage>,
  Fits<z.output<typeof Conversation>, WebConversation>,
  Fits<z.output<typeof SendReceiptAnswer>, WebSendReceipt>,
  Fits<z.output<typeof StreamActivity>, WebStreamActivity>,
  Fits<z.output<typeof SearchAnswer>['hits'][number], WebSearchHit>,
  Fits<z.output<typeof PresenceAnswer>['presences'][number], WebPresence>,
  Fits<z.output<typeof ErrorAnswerSchema>, ErrorAnswer>,
] = [true, true, true, true, true, true, true, true];
