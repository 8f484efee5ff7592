export { parsePrivilegeGrant, PRIVILEGE_NS } from './privilege-grant.parser';
export { reconnectDelay } from './reconnect-delay';
export { type ComponentStatus, type StanzaListener, XmppComponentConnection } from './xmpp-component.connection';
export { XmppModule } from './xmpp.module';
