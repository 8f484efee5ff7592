import { TurnsByKey } from './turns-by-key';

const tick = () => new Promise((r) => setImmediate(r));

describe('TurnsByKey', () => {
  it('runs the work of one key one at a time, in the order asked', async () => {
    const turns = new TurnsByKey();
    const log: string[] = [];
    const gates: Array<() => void> = [];
    const work = (name: string) => () =>
      new Promise<void>((resolve) => {
        log.push(`start ${name}`);
        gates.push(() => (log.push(`end ${name}`), resolve()));
      });
    const all = Promise.all([turns.inTurn('a', work('1')), turns.inTurn('a', work('2')), turns.inTurn('a', work('3'))]);
    await tick();
    expect(log).toEqual(['start 1']);
    gates.shift()!();
    await tick();
    expect(log).toEqual(['start 1', 'end 1', 'start 2']);
    gates.shift()!();
    await tick();
    gates.shift()!();
    await all;
    expect(log).toEqual(['start 1', 'end 1', 'start 2', 'end 2', 'start 3', 'end 3']);
    await tick();
    expect(turns.busy).toBe(0);
  });

  it('lets other keys run while one key is held up', async () => {
    const turns = new TurnsByKey();
    let releaseSlow!: () => void;
    const slow = turns.inTurn('slow', () => new Promise<void>((r) => (releaseSlow = r)));
    let behindSlowRan = false;
    const queued = turns.inTurn('slow', async () => ((behindSlowRan = true), 'late'));
    await expect(turns.inTurn('fast', async () => 'done')).resolves.toBe('done');
    expect(behindSlowRan).toBe(false);
    releaseSlow();
    await slow;
    await expect(queued).resolves.toBe('late');
  });

  it('goes on with the next piece of work after one fails, and reports the failure to its caller only', async () => {
    const turns = new TurnsByKey();
    const failing = turns.inTurn('a', async () => {
      throw new Error('refused');
    });
    const next = turns.inTurn('a', async () => 'sent');
    await expect(failing).rejects.toThrow('refused');
    await expect(next).resolves.toBe('sent');
    await tick();
    expect(turns.busy).toBe(0);
  });

  it('keeps places taken before the work that may run side by side is done', async () => {
    const turns = new TurnsByKey();
    const log: string[] = [];
    const first = turns.reserve('u');
    const second = turns.reserve('u');
    // The second finishes its own checks first, but commits after the first.
    const secondDone = second.ready.then(() => (log.push('second'), second.release()));
    await tick();
    expect(log).toEqual([]);
    log.push('first');
    first.release();
    await secondDone;
    expect(log).toEqual(['first', 'second']);
    await tick();
    expect(turns.busy).toBe(0);
  });
});
