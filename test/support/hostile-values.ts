/**
 * Seeded random values of the kinds careless and hostile clients send: wrong types, operator objects, huge or empty
 * strings, text XML cannot carry, markup, CJK, emoji, lone surrogates, deep nesting. The same seed gives the same
 * values, so a failing fuzz run can be replayed (FUZZ_SEED=<seed>).
 */
export class HostileValues {
  private state: number;

  constructor(readonly seed: number) {
    this.state = seed >>> 0 || 1;
  }

  /** mulberry32: small, fast, and plenty for choosing test inputs. */
  next(): number {
    this.state = (this.state + 0x6d2b79f5) >>> 0;
    let t = this.state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  }

  int(max: number): number {
    return Math.floor(this.next() * max);
  }

  pick<T>(items: readonly T[]): T {
    return items[this.int(items.length)];
  }

  /** A string of one of many troublesome kinds. */
  text(): string {
    const kinds: Array<() => string> = [
      () => '',
      () => ' \t\n ',
      () => 'x a\u0000b',
      () => String.fromCharCode(this.pick([1, 2, 8, 0x0b, 0x0c, 0x0e, 0x1f, 0xfffe, 0xffff])),
      () => `ok ${String.fromCharCode(0xd800 + this.int(0x800))} lone`,
      () => '<script>alert(1)</script>&amp;&#0;',
      () => '안녕하세요 こんにちは 你好 👍🏽',
      () => 'a'.repeat(1 + this.int(70_000)),
      () => '%00%2e%2e/%2e%2e/etc/passwd',
      () => '{"$gt":""}',
      () => `alice${this.int(10)}@localhost/res`,
      () => `room:x@conference.localhost`,
      () => `msg_${'A'.repeat(22)}`,
      () => Array.from({ length: 1 + this.int(40) }, () => String.fromCodePoint(this.int(0x2ffff))).join(''),
    ];
    return this.pick(kinds)();
  }

  /** Any JSON-ish value, objects and arrays nested up to `depth`. */
  value(depth = 3): unknown {
    const kinds: Array<() => unknown> = [
      () => null,
      () => undefined,
      () => this.next() < 0.5,
      () => this.pick([0, -1, 1.5, 1e308, -0, Number.MAX_SAFE_INTEGER + 2, 201, 1001]),
      () => this.text(),
      () => ({ $gt: '' }),
      () => ({ $where: 'sleep(1000)' }),
      () => (depth > 0 ? Array.from({ length: this.int(4) }, () => this.value(depth - 1)) : []),
      () => (depth > 0 ? Object.fromEntries(Array.from({ length: this.int(4) }, () => [this.text().slice(0, 20), this.value(depth - 1)])) : {}),
    ];
    return this.pick(kinds)();
  }

  /** A request body: usually an object with some of the expected field names, sometimes anything at all. */
  body(fields: readonly string[]): unknown {
    if (this.next() < 0.2) return this.value();
    return Object.fromEntries(fields.filter(() => this.next() < 0.8).map((f) => [f, this.next() < 0.6 ? this.text() : this.value(2)]));
  }
}
