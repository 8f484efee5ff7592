/**
 * The ids of live events (the `id` of every server event), in one place: built here and read back here, so
 * `catch-up` can resume from any event a client saw, not only from messages.
 *   - message events carry the activity id (msg_, edit_, retract_ + 22 characters);
 *   - typing notices: `state_<position>`, the journal position of the notice;
 *   - read markers: `read_<message id>_<reader JID>`;
 *   - presence: `presence_<JID>_<state>_<ms since epoch of the change>`.
 */

const ACTIVITY = /^(msg|edit|retract)_[A-Za-z0-9_-]{22}$/;
const POSITION = /^\d{15}-\d{6}$/;
const READ = /^read_(msg_[A-Za-z0-9_-]{22})_(.+)$/;
const PRESENCE = /^presence_(.+)_(available|away|dnd|xa|offline)_(\d{1,15})$/;

export type EventIdRef = { kind: 'activity'; activityId: string } | { kind: 'chat-state'; position: string } | { kind: 'read'; messageId: string } | { kind: 'presence'; at: Date };

export function chatStateEventId(position: string): string {
  return `state_${position}`;
}

export function readEventId(messageId: string, reader: string): string {
  return `read_${messageId}_${reader}`;
}

export function presenceEventId(jid: string, state: string, stampMs: number): string {
  return `presence_${jid}_${state}_${stampMs}`;
}

/** What an event id points at, or undefined when it is none of the server's. */
export function parseEventId(id: string): EventIdRef | undefined {
  if (ACTIVITY.test(id)) return { kind: 'activity', activityId: id };
  if (id.startsWith('state_') && POSITION.test(id.slice(6))) return { kind: 'chat-state', position: id.slice(6) };
  const read = READ.exec(id);
  if (read) return { kind: 'read', messageId: read[1] };
  const presence = PRESENCE.exec(id);
  if (presence) return { kind: 'presence', at: new Date(Number(presence[3])) };
  return undefined;
}

/** The pattern request validation uses for "any event id". */
export const EVENT_ID_PATTERN = new RegExp([ACTIVITY, /^state_\d{15}-\d{6}$/, READ, PRESENCE].map((r) => `(?:${r.source})`).join('|'));
