import { reconnectDelay } from './reconnect-delay';

describe('reconnectDelay', () => {
  it('doubles per attempt between half and all of the capped delay', () => {
    expect(reconnectDelay(0, 500, 30_000, () => 0)).toBe(250);
    expect(reconnectDelay(0, 500, 30_000, () => 1)).toBe(500);
    expect(reconnectDelay(3, 500, 30_000, () => 0)).toBe(2000);
    expect(reconnectDelay(3, 500, 30_000, () => 1)).toBe(4000);
  });

  it('never exceeds the maximum, however many attempts', () => {
    expect(reconnectDelay(1000, 500, 30_000, () => 1)).toBe(30_000);
    expect(reconnectDelay(1000, 500, 30_000, () => 0)).toBe(15_000);
  });
});
