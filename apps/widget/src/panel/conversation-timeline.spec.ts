import { describe, expect, it } from '@jest/globals';
import type { ChatSession } from '../client/chat-session';
import type { HistoryMessage, HistoryPage } from '../client/protocol';
import { ConversationTimeline } from './conversation-timeline';

const conversation = { id: 'dm:a@x|b@x', kind: 'direct' as const, with: 'b@x' };

function message(n: number): HistoryMessage {
  const position = `${String(n).padStart(15, '0')}-000000`;
  return { id: `msg_${n}`, conversationId: conversation.id, type: 'chat', from: 'b@x', to: 'a@x', body: `m${n}`, stamp: '2026-01-01T00:00:00.000Z', position };
}

/** A session whose history answers from `pages`, keyed by the cursor asked for (`before:…`, `after:…`, or `newest`), recording each request. */
function sessionWith(pages: Record<string, Partial<HistoryPage>>) {
  const asked: Array<Record<string, unknown>> = [];
  const session = {
    request: async (name: string, body: Record<string, unknown>) => {
      expect(name).toBe('history');
      asked.push(body);
      const key = body.before ? `before:${String(body.before)}` : body.after ? `after:${String(body.after)}` : 'newest';
      return { conversationId: conversation.id, messages: [], readers: [], ...pages[key] };
    },
  } as unknown as ChatSession;
  return { session, asked };
}

describe('ConversationTimeline', () => {
  it('loads the newest page, then older pages one at a time through the same loader, in the server order', async () => {
    const { session, asked } = sessionWith({
      newest: { messages: [message(5), message(6)], before: 'c5' },
      'before:c5': { messages: [message(3), message(4)], before: 'c3' },
      'before:c3': { messages: [message(1), message(2)] },
    });
    const timeline = new ConversationTimeline({ session: () => session, me: () => 'a@x' });
    const { generation } = timeline.start(conversation);
    expect(await timeline.loadNewest(generation)).toBe(true);
    expect(timeline.settle(generation)).toBe(true);
    let merged = 0;
    await timeline.loadPage('older', () => merged++);
    await timeline.loadPage('older', () => merged++);
    expect(merged).toBe(2);
    expect(timeline.messages.map((m) => m.messageId)).toEqual(['msg_1', 'msg_2', 'msg_3', 'msg_4', 'msg_5', 'msg_6']);
    expect(timeline.before).toBeUndefined();
    expect(timeline.canLoad('older')).toBe(false);
    expect(asked).toEqual([
      { conversationId: conversation.id, limit: 30 },
      { conversationId: conversation.id, before: 'c5', limit: 30 },
      { conversationId: conversation.id, before: 'c3', limit: 30 },
    ]);
  });

  it('opened around a message, loads newer pages until the newest', async () => {
    const around = message(10);
    const { session } = sessionWith({
      [`before:${around.position}`]: { messages: [message(9)], before: 'c9' },
      [`after:${around.position}`]: { messages: [message(11)], after: 'c11' },
      'after:c11': { messages: [message(12)] },
    });
    const timeline = new ConversationTimeline({ session: () => session, me: () => 'a@x' });
    const { generation } = timeline.start(conversation);
    expect(await timeline.loadAround(generation, around)).toBe(true);
    timeline.settle(generation);
    expect(timeline.canLoad('newer')).toBe(true);
    await timeline.loadPage('newer', () => undefined);
    expect(timeline.after).toBeUndefined();
    expect(timeline.before).toBe('c9');
    expect(timeline.messages.map((m) => m.messageId)).toEqual(['msg_9', 'msg_10', 'msg_11', 'msg_12']);
  });

  it('drops a page that arrives after another conversation was opened', async () => {
    let answer: (page: HistoryPage) => void = () => undefined;
    const session = { request: () => new Promise<HistoryPage>((resolve) => (answer = resolve)) } as unknown as ChatSession;
    const timeline = new ConversationTimeline({ session: () => session, me: () => 'a@x' });
    const first = timeline.start(conversation);
    const loading = timeline.loadNewest(first.generation);
    const second = timeline.start({ ...conversation, id: 'dm:a@x|c@x', with: 'c@x' });
    expect(second.switching).toBe(true);
    answer({ conversationId: conversation.id, messages: [message(1)], readers: [] });
    expect(await loading).toBe(false);
    expect(timeline.settle(first.generation)).toBe(false);
    expect(timeline.messages).toEqual([]);
    expect(timeline.loading).toBe(true);
  });

  it('keeps how far the others read: from pages, then from read events that move it on', async () => {
    const { session } = sessionWith({
      newest: {
        messages: [message(1)],
        readers: [
          { reader: 'b@x', messageId: 'msg_1', position: message(1).position },
          { reader: 'a@x', messageId: 'msg_1', position: message(1).position },
        ],
      },
    });
    const timeline = new ConversationTimeline({ session: () => session, me: () => 'a@x' });
    await timeline.loadNewest(timeline.start(conversation).generation);
    expect([...timeline.readers]).toEqual([['b@x', message(1).position]]);
    const read = { id: 'r', conversationId: conversation.id, reader: 'b@x', messageId: 'msg_0', at: '' };
    expect(timeline.applyRead({ ...read, position: message(0).position })).toBe(false);
    expect(timeline.applyRead({ ...read, position: message(2).position })).toBe(true);
    expect(timeline.readers.get('b@x')).toBe(message(2).position);
  });
});
