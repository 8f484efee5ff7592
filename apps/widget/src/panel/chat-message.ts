import type { HistoryMessage, MessageEvent } from '../client/protocol';

/** A message as the conversation pane shows it, from history or from a live event, or one being sent. */
export interface ChatMessage {
  messageId: string;
  from: string;
  body: string;
  stamp: string;
  /** The server's order; messages not yet acknowledged sort after every real one. */
  position: string;
  edited: boolean;
  retracted: boolean;
  /** Only on messages written here: sending, sent (acknowledged), failed; or a correction or deletion under way. */
  local?: { state: 'sending' | 'sent' | 'failed' | 'changing'; clientMessageId?: string; receiptId?: string; failure?: string };
}

export const UNSENT_POSITION = '~';

export function fromHistory(m: HistoryMessage): ChatMessage {
  return { messageId: m.id, from: m.from, body: m.body, stamp: m.stamp, position: m.position, edited: !!m.editedAt, retracted: !!m.retractedAt };
}

export function fromEvent(e: MessageEvent): ChatMessage {
  return { messageId: e.messageId, from: e.from, body: e.retract ? '' : e.body, stamp: e.stamp, position: e.position, edited: !!e.replace, retracted: !!e.retract };
}
