/**
 * The domain's addresses alone (JIDs, conversation ids): what the browser widget imports, as `@chat/domain/addresses`.
 * Nothing reachable from here may need Node or a package, since it is bundled into the widget.
 */
export {
  type ConversationAddress,
  type ConversationKind,
  type ConversationRef,
  directConversation,
  directParticipants,
  parseConversationId,
  roomConversation,
} from './conversation/conversation';
export { type BareJid, InvalidJidError, isBareJid, toBareJid } from './jid/bare-jid';
export { type JidParts, splitJid } from './jid/jid';
