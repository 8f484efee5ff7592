/**
 * A readers-writer gate for the component link. Ordinary sends pass side by side (shared); a send under suspicion
 * (one that was in flight when the server closed the stream) passes alone (exclusive), so if the server closes the
 * stream again, that stanza is the one to blame. Exclusive passes go first: once one waits, new shared passes wait
 * behind it, so a suspect is never starved.
 */
export class SharedExclusiveGate {
  private shared = 0;
  private exclusive = false;
  private readonly sharedWaiting: Array<() => void> = [];
  private readonly exclusiveWaiting: Array<() => void> = [];

  async pass<T>(mode: 'shared' | 'exclusive', work: () => Promise<T>): Promise<T> {
    await (mode === 'shared' ? this.enterShared() : this.enterExclusive());
    try {
      return await work();
    } finally {
      if (mode === 'shared') this.shared -= 1;
      else this.exclusive = false;
      this.admit();
    }
  }

  private enterShared(): Promise<void> {
    if (!this.exclusive && this.exclusiveWaiting.length === 0) {
      this.shared += 1;
      return Promise.resolve();
    }
    return new Promise((resolve) => this.sharedWaiting.push(resolve));
  }

  private enterExclusive(): Promise<void> {
    if (!this.exclusive && this.shared === 0 && this.exclusiveWaiting.length === 0) {
      this.exclusive = true;
      return Promise.resolve();
    }
    return new Promise((resolve) => this.exclusiveWaiting.push(resolve));
  }

  private admit(): void {
    if (this.exclusive) return;
    if (this.exclusiveWaiting.length > 0) {
      if (this.shared > 0) return;
      this.exclusive = true;
      this.exclusiveWaiting.shift()!();
      return;
    }
    while (this.sharedWaiting.length > 0) {
      this.shared += 1;
      this.sharedWaiting.shift()!();
    }
  }
}
