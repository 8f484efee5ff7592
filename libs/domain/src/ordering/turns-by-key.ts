/**
 * Work keyed by something (a conversation, a sender), run one at a time per key in the order it was asked for,
 * while different keys run side by side: what a user says in a conversation reaches XMPP in the order they said
 * it, and a slow or failing piece of work holds up its own key only.
 */
export class TurnsByKey {
  private readonly tails = new Map<string, Promise<void>>();

  /**
   * Takes a place in the key's line now, synchronously; `ready` settles once every earlier place was released, and
   * `release` gives the place up (call it exactly once, whatever happens). Lets a caller do the part of its work
   * that may run side by side first, and only the part that must keep the order in turn.
   */
  reserve(key: string): { ready: Promise<void>; release: () => void } {
    const previous = this.tails.get(key);
    let release!: () => void;
    const mine = new Promise<void>((resolve) => (release = resolve));
    const tail = previous ? previous.then(() => mine) : mine;
    this.tails.set(key, tail);
    let released = false;
    return {
      ready: previous ?? Promise.resolve(),
      release: () => {
        if (released) return;
        released = true;
        release();
        void tail.then(() => {
          if (this.tails.get(key) === tail) this.tails.delete(key);
        });
      },
    };
  }

  /** Runs `work` once every earlier piece of work of this key has settled (fulfilled or not). */
  async inTurn<T>(key: string, work: () => Promise<T>): Promise<T> {
    const turn = this.reserve(key);
    try {
      await turn.ready;
      return await work();
    } finally {
      turn.release();
    }
  }

  /** Keys with work running or waiting. */
  get busy(): number {
    return this.tails.size;
  }
}
