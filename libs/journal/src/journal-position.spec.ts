import { journalPosition, positionAt } from './journal-position';

describe('journal positions', () => {
  it('turn stream ids into strings that sort in arrival order', () => {
    expect(journalPosition('1795396844954-3')).toBe('001795396844954-000003');
    expect([journalPosition('999-12'), journalPosition('1000-2'), journalPosition('999-9')].sort()).toEqual([
      '000000000000999-000009',
      '000000000000999-000012',
      '000000000001000-000002',
    ]);
  });

  it('place a moment before everything journaled from then on', () => {
    expect(positionAt(1795396844954)).toBe('001795396844954-000000');
    expect(positionAt(1795396844954) < journalPosition('1795396844954-0')).toBe(false);
    expect(positionAt(1795396844954) <= journalPosition('1795396844954-0')).toBe(true);
    expect(positionAt(-5)).toBe('000000000000000-000000');
  });
});
