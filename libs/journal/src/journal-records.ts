import type { BareJid } from '@chat/domain';

/** A connected XMPP session as ejabberd lists it, for presence reconciliation. */
export interface SessionSnapshotEntry {
  /** Full JID. */
  jid: string;
  show: string;
  status?: string;
  priority: number;
}

/** What the journal holds, in arrival order; the mirror is its one reader. */
export type JournalRecord =
  /**
   * A stanza the server routed to the component (a user's presence, a mod_service_log copy of a message), or the
   * gateway's own record of what it sent on a web user's behalf, in the form of such a copy.
   */
  | { kind: 'stanza'; xml: string }
  /** All sessions ejabberd reported at `takenAt` (ms since epoch), with the web sessions still renewed. */
  | { kind: 'sessions'; takenAt: number; sessions: SessionSnapshotEntry[] }
  /** A web session (one socket) opened or closed: it counts as a resource of the user while open. */
  | { kind: 'web-session'; user: BareJid; sessionId: string; open: boolean; at: number };

export interface JournalEntry {
  /** The Redis stream id: the arrival order, unique and increasing. */
  id: string;
  record: JournalRecord | { kind: 'unreadable'; raw: string };
}
