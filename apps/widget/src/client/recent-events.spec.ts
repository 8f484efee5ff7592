import { RecentEvents } from './recent-events';

describe('recent events', () => {
  it('drops an event seen before and resumes from the oldest of the last few', () => {
    const events = new RecentEvents(100, 3);
    expect(events.accept('a', '000000000000005-000000')).toBe(true);
    expect(events.accept('b', '000000000000003-000000')).toBe(true);
    expect(events.accept('a', '000000000000005-000000')).toBe(false);
    expect(events.resumeFrom()).toBe('b');
    // b falls out of the last three: c is the oldest of them.
    events.accept('c', '000000000000007-000000');
    events.accept('d', '000000000000008-000000');
    events.accept('e', '000000000000009-000000');
    expect(events.resumeFrom()).toBe('c');
  });

  it('forgets the oldest ids beyond its capacity', () => {
    const events = new RecentEvents(2, 2);
    events.accept('a');
    events.accept('b');
    events.accept('c');
    expect(events.accept('a')).toBe(true);
    expect(events.accept('c')).toBe(false);
  });
});
