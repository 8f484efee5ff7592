/** XML namespaces of the XEPs the mirror understands. */
export const NS = {
  forward: 'urn:xmpp:forward:0',
  delay: 'urn:xmpp:delay',
  chatStates: 'http://jabber.org/protocol/chatstates',
  correction: 'urn:xmpp:message-correct:0',
  retract: 'urn:xmpp:message-retract:1',
  retractLegacy: 'urn:xmpp:message-retract:0',
  fasten: 'urn:xmpp:fasten:0',
  stanzaId: 'urn:xmpp:sid:0',
  carbons: 'urn:xmpp:carbons:2',
  mam: 'urn:xmpp:mam:2',
  mucUser: 'http://jabber.org/protocol/muc#user',
  chatMarkers: 'urn:xmpp:chat-markers:0',
  hints: 'urn:xmpp:hints',
  fallback: 'urn:xmpp:fallback:0',
  privilege: 'urn:xmpp:privilege:1',
  ping: 'urn:xmpp:ping',
} as const;
