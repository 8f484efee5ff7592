/**
 * The ids of events already handled (every event has a stable id; after a reconnect the same one can come twice),
 * and where to resume from: the oldest of the last few received, because events of different conversations do not
 * arrive in the server's order, and one still in flight at a disconnect must not be skipped. Replaying a few more
 * than needed is harmless: they are recognised and dropped.
 */
export class RecentEvents {
  private readonly seen = new Set<string>();
  private readonly lastFew: Array<{ id: string; position: string }> = [];

  constructor(
    private readonly capacity = 5000,
    private readonly window = 20,
  ) {}

  /** False when the event was handled before. */
  accept(id: string, position?: string): boolean {
    if (this.seen.has(id)) return false;
    this.seen.add(id);
    // A Set iterates in insertion order: the first one is the oldest.
    if (this.seen.size > this.capacity) this.seen.delete(this.seen.values().next().value as string);
    if (position) {
      this.lastFew.push({ id, position });
      if (this.lastFew.length > this.window) this.lastFew.shift();
    }
    return true;
  }

  /** The event id to ask `catch-up` for, or undefined when nothing was received yet. */
  resumeFrom(): string | undefined {
    let oldest: { id: string; position: string } | undefined;
    for (const event of this.lastFew) if (!oldest || event.position < oldest.position) oldest = event;
    return oldest?.id;
  }

  /** After a catch-up that could not resume: start the window again from what comes next. */
  forgetPositions(): void {
    this.lastFew.length = 0;
  }
}
