import { activityToMessageEvent } from './activity-events';
import type { StreamActivity } from './protocol';

const target = { type: 'Conversation' as const, id: 'dm:a@x|b@x', kind: 'direct' as const };
const base = { actor: 'a@x', target, published: '2026-01-01T10:00:00.000Z', position: '000000000000001-000001' };

describe('catch-up activities as message events', () => {
  it('a missed message, its correction and its retraction', () => {
    const created: StreamActivity = { ...base, id: 'msg_1', type: 'Create', object: { type: 'Note', id: 'msg_1', content: 'hello' } };
    const updated: StreamActivity = { ...base, id: 'edit_1', type: 'Update', object: { type: 'Note', id: 'msg_1', content: 'hello!' } };
    const deleted: StreamActivity = { ...base, id: 'retract_1', type: 'Delete', object: { type: 'Tombstone', id: 'msg_1' } };
    expect(activityToMessageEvent(created)).toMatchObject({ id: 'msg_1', messageId: 'msg_1', conversationId: target.id, from: 'a@x', body: 'hello', type: 'chat' });
    expect(activityToMessageEvent(updated)).toMatchObject({ id: 'edit_1', messageId: 'msg_1', body: 'hello!', replace: 'msg_1' });
    expect(activityToMessageEvent(deleted)).toMatchObject({ id: 'retract_1', messageId: 'msg_1', retract: 'msg_1' });
  });

  it('a message retracted since it was said arrives retracted, and room messages are groupchat', () => {
    const gone: StreamActivity = { ...base, id: 'msg_2', type: 'Create', object: { type: 'Tombstone', id: 'msg_2' }, target: { ...target, id: 'room:r@m', kind: 'room' } };
    expect(activityToMessageEvent(gone)).toMatchObject({ messageId: 'msg_2', retract: 'msg_2', type: 'groupchat', body: '' });
  });

  it('an activity type this widget does not know (from a newer server) is skipped', () => {
    const liked = { ...base, id: 'like_1', type: 'Like', object: { type: 'Note', id: 'msg_1', content: '' } } as unknown as StreamActivity;
    expect(activityToMessageEvent(liked)).toBeUndefined();
  });

  it('activities without a conversation are skipped', () => {
    expect(activityToMessageEvent({ ...base, target: undefined, id: 'p', type: 'Update', object: { type: 'Presence', id: 'p' } })).toBeUndefined();
  });
});
