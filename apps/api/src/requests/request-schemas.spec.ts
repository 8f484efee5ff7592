import type { z } from 'zod';
import { parseRequest, RequestRefused } from './request-refused';
import {
  ActivityPageRequest,
  CatchUpRequest,
  ConversationListRequest,
  CorrectMessageRequest,
  HistoryRequest,
  JoinRoomRequest,
  SearchRequest,
  SendMessageRequest,
} from './request-schemas';

function refusalOf(schema: z.ZodType, input: unknown): RequestRefused {
  try {
    parseRequest(schema, input);
  } catch (error) {
    if (error instanceof RequestRefused) return error;
    throw error;
  }
  throw new Error(`accepted ${JSON.stringify(input)}`);
}

const NOT_XML = ['\u0000', '\u0001', '\u0008', '\u000B', '\u000C', '\u000E', '\u001F', '\uFFFE', '\uFFFF', '\uD800', '\uDFFF'];

describe('text that becomes XML', () => {
  it.each(NOT_XML)('refuses U+%#-th forbidden character in a body, naming the field and the character, not the text', (char) => {
    const refused = refusalOf(SendMessageRequest, { to: 'bob@localhost', body: `x a${char}b secret words`, clientMessageId: 'k1' });
    expect(refused.kind).toBe('bad-request');
    const code = char.codePointAt(0)!.toString(16).toUpperCase().padStart(4, '0');
    expect(refused.message).toBe(`body: U+${code} at position 3 is not a character XML 1.0 can carry`);
    expect(refused.message).not.toContain('secret');
  });

  it('refuses them in corrections, recipients, rooms, authors and conversation ids', () => {
    expect(refusalOf(CorrectMessageRequest, { messageId: `msg_${'a'.repeat(22)}`, body: 'a\u0000' }).message).toMatch(/^body: U\+0000/);
    expect(refusalOf(SendMessageRequest, { to: 'bob@local\u0001host', body: 'hi' }).message).toMatch(/^to: U\+0001/);
    expect(refusalOf(JoinRoomRequest, { room: 'team@conference.localhost\uFFFF' }).message).toMatch(/^room: U\+FFFF/);
    expect(refusalOf(SearchRequest, { q: 'hi', author: 'al\uD800ice@localhost' }).message).toMatch(/^author: U\+D800/);
    expect(refusalOf(SearchRequest, { q: 'hi', room: 'r\u000B@conference.localhost' }).message).toMatch(/^room: U\+000B/);
    expect(refusalOf(HistoryRequest, { conversationId: 'room:te\u0002am@conference.localhost' }).message).toMatch(/^conversationId: U\+0002/);
  });

  it('accepts what XML carries: tabs, line breaks, emoji, the last BMP characters', () => {
    expect(parseRequest(SendMessageRequest, { to: 'bob@localhost', body: 'a\tb\nc\r\n😀 \uFFFD \uE000' }).body).toBe('a\tb\nc\r\n😀 \uFFFD \uE000');
  });
});

describe('page sizes', () => {
  it.each([[[1]], [{ $gt: 0 }], [true], [null], ['1e2'], [' 5'], ['5 '], ['0x10'], [''], [1.5], [0], [-1], [201], ['201']])('refuses limit %j', (limit) => {
    for (const schema of [ConversationListRequest, ActivityPageRequest]) {
      expect(refusalOf(schema, { limit }).message).toBe('limit: must be a whole number from 1 to 200');
    }
    expect(refusalOf(HistoryRequest, { conversationId: 'room:team@conference.localhost', limit }).message).toBe('limit: must be a whole number from 1 to 200');
  });

  it('holds for every request with a limit', () => {
    expect(refusalOf(SearchRequest, { q: 'hi', limit: [1] }).message).toBe('limit: must be a whole number from 1 to 100');
    expect(refusalOf(CatchUpRequest, { limit: [1] }).message).toMatch(/limit: must be a whole number from 1 to 1000/);
  });

  it('takes a JSON number or a query string of digits, and defaults when absent', () => {
    expect(parseRequest(ConversationListRequest, { limit: 7 }).limit).toBe(7);
    expect(parseRequest(ConversationListRequest, { limit: '7' }).limit).toBe(7);
    expect(parseRequest(ConversationListRequest, {}).limit).toBe(50);
    expect(parseRequest(SearchRequest, { q: 'x' }).limit).toBe(20);
  });
});
