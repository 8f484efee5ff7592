import { eventually } from './stack';

describe('eventually', () => {
  it('returns the first value the probe yields', async () => {
    let calls = 0;
    await expect(eventually('a value', async () => (++calls >= 2 ? { calls } : undefined), 5_000)).resolves.toEqual({ calls: 2 });
  });

  it('waits while the probe answers false, and returns true once it holds', async () => {
    let calls = 0;
    await expect(eventually('a condition', async () => ++calls >= 2, 5_000)).resolves.toBe(true);
    expect(calls).toBe(2);
  });

  it('times out on a probe that keeps answering false, naming what it waited for', async () => {
    await expect(eventually('the impossible', async () => false, 300)).rejects.toThrow('timed out after 300 ms waiting for the impossible');
  });

  it('keeps polling through errors and quotes the last one when it gives up', async () => {
    await expect(
      eventually(
        'a flaky probe',
        async () => {
          throw new Error('not reachable');
        },
        300,
      ),
    ).rejects.toThrow('waiting for a flaky probe: Error: not reachable');
  });

  it('returns falsy values other than false and undefined', async () => {
    await expect(eventually('zero', async () => 0, 300)).resolves.toBe(0);
    await expect(eventually('an empty string', async () => '', 300)).resolves.toBe('');
  });
});
