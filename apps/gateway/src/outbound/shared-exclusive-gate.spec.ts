import { SharedExclusiveGate } from './shared-exclusive-gate';

const tick = () => new Promise((r) => setImmediate(r));

function held() {
  let release!: () => void;
  const promise = new Promise<void>((r) => (release = r));
  return { promise, release };
}

describe('SharedExclusiveGate', () => {
  it('lets shared passes through side by side', async () => {
    const gate = new SharedExclusiveGate();
    const a = held();
    const b = held();
    let inside = 0;
    const first = gate.pass('shared', async () => (inside++, a.promise));
    const second = gate.pass('shared', async () => (inside++, b.promise));
    await tick();
    expect(inside).toBe(2);
    a.release();
    b.release();
    await Promise.all([first, second]);
  });

  it('lets an exclusive pass in only when no shared pass is inside, and alone', async () => {
    const gate = new SharedExclusiveGate();
    const log: string[] = [];
    const s1 = held();
    const x = held();
    const shared1 = gate.pass('shared', async () => (log.push('s1 in'), await s1.promise, log.push('s1 out')));
    await tick();
    const exclusive = gate.pass('exclusive', async () => (log.push('x in'), await x.promise, log.push('x out')));
    // Arrives after the exclusive pass asked: waits behind it.
    const shared2 = gate.pass('shared', async () => void log.push('s2 in'));
    await tick();
    expect(log).toEqual(['s1 in']);
    s1.release();
    await tick();
    expect(log).toEqual(['s1 in', 's1 out', 'x in']);
    x.release();
    await Promise.all([shared1, exclusive, shared2]);
    expect(log).toEqual(['s1 in', 's1 out', 'x in', 'x out', 's2 in']);
  });

  it('runs exclusive passes one after another', async () => {
    const gate = new SharedExclusiveGate();
    let inside = 0;
    let most = 0;
    const work = async () => {
      inside += 1;
      most = Math.max(most, inside);
      await tick();
      inside -= 1;
    };
    await Promise.all([gate.pass('exclusive', work), gate.pass('exclusive', work), gate.pass('exclusive', work)]);
    expect(most).toBe(1);
  });

  it('opens again after a pass fails', async () => {
    const gate = new SharedExclusiveGate();
    await expect(gate.pass('exclusive', async () => Promise.reject(new Error('closed')))).rejects.toThrow('closed');
    await expect(gate.pass('shared', async () => 'ok')).resolves.toBe('ok');
  });
});
