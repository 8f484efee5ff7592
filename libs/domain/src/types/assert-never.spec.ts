import { describe, expect, it } from '@jest/globals';
import { assertNever } from './assert-never';

describe('assertNever', () => {
  it('throws, naming what escaped the types and its value', () => {
    expect(() => assertNever({ kind: 'reaction' } as never, 'mirror event')).toThrow('unknown mirror event: {"kind":"reaction"}');
  });

  it('still throws for values JSON cannot write', () => {
    const cyclic: Record<string, unknown> = {};
    cyclic.self = cyclic;
    expect(() => assertNever(cyclic as never, 'record')).toThrow('unknown record: [object Object]');
  });
});
