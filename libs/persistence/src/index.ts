export { ActivityRepository } from './activity/activity.repository';
export { type ConversationActivity, type ConversationMember, ConversationRepository } from './conversation/conversation.repository';
export type { LastMessage } from './conversation/conversation.schema';
export type { MessageEdit } from './message/archived-message.schema';
export { type ArchivedMessage, type EditOutcome, type EditRequest, MessageArchive, type MessageSearchFilter } from './message/message-archive.repository';
export { PresenceRepository } from './presence/presence.repository';
export { type EarlyEvent, type WaitingEdit, WaitingEdits } from './waiting-edit/waiting-edit.repository';
export { PersistenceModule } from './persistence.module';
