/**
 * The ids this process archived lately, so the second copy of a stanza (every message arrives at least twice) is
 * dropped before it costs a database round trip. Only a shortcut: the database's unique keys stay the guarantee.
 */
export class RecentIds {
  private readonly ids = new Set<string>();

  constructor(private readonly capacity = 100_000) {}

  has(id: string): boolean {
    return this.ids.has(id);
  }

  add(id: string): void {
    if (this.ids.has(id)) return;
    this.ids.add(id);
    // A Set iterates in insertion order: the first entry is the oldest.
    if (this.ids.size > this.capacity) this.ids.delete(this.ids.values().next().value as string);
  }
}
