export type { Activity, ActivityObject, ActivityType } from './activity/activity';
export { assertNever } from './types/assert-never';
// JIDs and conversation ids: the part the widget imports on its own, listed once.
export * from './addresses';
export type { ArchivedMessage, MessageEdit } from './message/archived-message';
export type { Conversation, ConversationMember, LastMessage } from './conversation/conversation-summary';
export { conversationEventId, presenceActivityId } from './mirror/activity-id';
export type {
  Author,
  ChatMessageEvent,
  ChatState,
  ChatStateEvent,
  ConversationEvent,
  CorrectionEvent,
  DisplayedMarkerEvent,
  MirrorEvent,
  ResourcePresenceEvent,
  RetractionEvent,
  RoomOccupancyEvent,
} from './mirror/mirror-event';
export {
  aggregatePresence,
  applyResourcePresence,
  type PresenceState,
  type ResourcePresence,
  samePresence,
  showToState,
  type UserPresence,
  WEB_RESOURCE_PREFIX,
} from './presence/presence';
export { type PrivilegeGrant, REQUIRED_PRIVILEGES, missingPrivileges } from './xmpp-privilege/privilege-grant';
export { OUTBOUND_KINDS, type OutboundKindRules } from './outbound/outbound-kinds';
export { type OutboundStanza, outboundActivityId, outboundConversation, webStanzaId } from './outbound/outbound-stanza';
export { MESSAGE_SEARCH_INDEX, type MessageSearchFilter, type MessageSearchIndex } from './search/message-search-index';
export { SEARCH_LIMITS } from './search/search-limits';
export { snippet } from './search/search-snippet';
export { indexTerms, parseSearchQuery, type SearchQuery } from './search/search-terms';
export { normalizeText } from './search/text-folding';
export { describeNonXmlCharacter, firstNonXmlCharacter, isXmlText } from './xml/xml-characters';
export { TurnsByKey } from './ordering/turns-by-key';
