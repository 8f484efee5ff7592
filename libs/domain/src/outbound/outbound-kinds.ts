import type { OutboundStanza } from './outbound-stanza';

/** How one kind of web send travels through the outbound queue and the gateway. */
export interface OutboundKindRules {
  /**
   * Worth nothing late (a typing notice): one try and not kept, no mark that it was confirmed, no room subscription
   * before it.
   */
  live: boolean;
  /** The gateway journals its own copy for the mirror (a receipt's would be skipped anyway: a message without body). */
  journaled: boolean;
  /** Its sender's sockets hear when it cannot go out (`send-failed`); not what the person did not send themselves. */
  reported: boolean;
  /** Where the mirror keeps it, asked when a send is in doubt: as an archived message, or as an activity. */
  recordedIn?: 'archive' | 'activities';
}

/** Every kind of web send with its rules: a kind added to OutboundStanza does not compile until it is listed here. */
export const OUTBOUND_KINDS: Readonly<Record<OutboundStanza['kind'], OutboundKindRules>> = {
  message: { live: false, journaled: true, reported: true, recordedIn: 'archive' },
  correction: { live: false, journaled: true, reported: true, recordedIn: 'activities' },
  retraction: { live: false, journaled: true, reported: true, recordedIn: 'activities' },
  'chat-state': { live: true, journaled: true, reported: false },
  displayed: { live: false, journaled: true, reported: true },
  receipt: { live: false, journaled: false, reported: false },
};
