import { chatStateEventId, EVENT_ID_PATTERN, parseEventId, presenceEventId, readEventId } from './event-ids';

describe('event ids', () => {
  const activity = 'msg_abcdefghijklmnopqrstuv';

  it('reads back every id it builds', () => {
    expect(parseEventId(activity)).toEqual({ kind: 'activity', activityId: activity });
    expect(parseEventId(chatStateEventId('001795396844954-000003'))).toEqual({ kind: 'chat-state', position: '001795396844954-000003' });
    expect(parseEventId(readEventId(activity, 'bob@localhost'))).toEqual({ kind: 'read', messageId: activity });
    expect(parseEventId(presenceEventId('alice@localhost', 'away', 1795396844954))).toEqual({ kind: 'presence', at: new Date(1795396844954) });
  });

  it('knows nothing else, and the request pattern agrees', () => {
    for (const id of ['msg_short', 'state_12', 'read_x_y', 'presence_a_sleeping_1', '{"$gt":""}', '']) {
      expect(parseEventId(id)).toBeUndefined();
      expect(EVENT_ID_PATTERN.test(id)).toBe(false);
    }
    for (const id of [activity, chatStateEventId('001795396844954-000003'), readEventId(activity, 'bob@localhost'), presenceEventId('a@b', 'offline', 5)]) {
      expect(EVENT_ID_PATTERN.test(id)).toBe(true);
    }
  });
});
