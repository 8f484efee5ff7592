export { ActivityRepository } from './activity/activity.repository';
export { type ConversationActivity, ConversationRepository } from './conversation/conversation.repository';
export { type EditOutcome, type EditRequest, MessageArchive } from './message/message-archive.repository';
export { PresenceRepository } from './presence/presence.repository';
export { type EarlyEvent, type WaitingEdit, WaitingEdits } from './waiting-edit/waiting-edit.repository';
export { PersistenceModule } from './persistence.module';
