export { type BareJid, InvalidJidError, isBareJid, toBareJid } from './jid/bare-jid';
export type { Activity, ActivityObject, ActivityType, ConversationRef } from './activity/activity';
export { type PrivilegeGrant, REQUIRED_PRIVILEGES, missingPrivileges } from './xmpp-privilege/privilege-grant';
