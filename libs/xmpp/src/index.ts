export { type ConnectedSession, EjabberdAdminApi, type RoomPolicy } from './ejabberd-admin.api';
export { NS } from './parsing/namespaces';
export { isWorthMirroring, type ParseContext, type ParseOutcome, parseRoutedStanza } from './parsing/routed-stanza.parser';
export { parsePrivilegeGrant, PRIVILEGE_NS } from './privilege-grant.parser';
export { reconnectDelay } from './reconnect-delay';
export { type ComponentStatus, type StanzaListener, XmppComponentConnection } from './xmpp-component.connection';
export { EjabberdAdminModule, XmppModule } from './xmpp.module';
export { privilegedEnvelope, RETRACTION_FALLBACK, serviceLogCopy, userMessage } from './outbound/outbound-stanza';
export { unsendableReason } from './outbound/unsendable';
