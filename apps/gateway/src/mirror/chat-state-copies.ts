import type { ChatStateEvent } from '@chat/domain';
import type { Positioned } from './journal-batch';
import { RecentIds } from './recent-ids';

/** Copies of one notice without an id arrive within this of each other; a client repeats a state far less often. */
const SAME_NOTICE_MS = 2000;

/**
 * One typing notice, once. The journal holds every notice two or three times: ejabberd's service-log copy on the
 * sender's side and on each recipient's, and the gateway's own record of what a web user sent. Copies of a notice
 * with an id share it; for a notice without one, a repeat of the same state by the same person in the same
 * conversation within SAME_NOTICE_MS says nothing new either.
 */
export class ChatStateCopies {
  private readonly seenIds = new RecentIds(20_000);
  private readonly lastState = new Map<string, { state: string; at: number }>();

  firstCopies(notices: Positioned<ChatStateEvent>[]): Positioned<ChatStateEvent>[] {
    return notices.filter(({ event }) => this.isFirst(event));
  }

  private isFirst(event: ChatStateEvent): boolean {
    const who = `${event.conversation.id}\n${event.from}`;
    const at = event.at.getTime();
    const last = this.lastState.get(who);
    this.lastState.delete(who);
    this.lastState.set(who, { state: event.state, at });
    if (this.lastState.size > 20_000) this.lastState.delete(this.lastState.keys().next().value as string);
    if (event.clientId) {
      const key = `${who}\n${event.clientId}`;
      if (this.seenIds.has(key)) return false;
      this.seenIds.add(key);
      return true;
    }
    return !(last && last.state === event.state && Math.abs(at - last.at) < SAME_NOTICE_MS);
  }
}
