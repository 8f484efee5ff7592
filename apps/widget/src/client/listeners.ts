/** A minimal typed event hub: the widget's parts subscribe to the session without knowing about Socket.IO. */
export class Listeners<Events extends Record<string, unknown>> {
  private readonly byName = new Map<keyof Events, Set<(payload: never) => void>>();

  on<K extends keyof Events>(name: K, listener: (payload: Events[K]) => void): () => void {
    let set = this.byName.get(name);
    if (!set) this.byName.set(name, (set = new Set()));
    set.add(listener);
    return () => set.delete(listener);
  }

  emit<K extends keyof Events>(name: K, payload: Events[K]): void {
    for (const listener of [...(this.byName.get(name) ?? [])]) {
      try {
        (listener as (payload: Events[K]) => void)(payload);
      } catch (error) {
        // One broken listener must not keep the others from hearing about a message.
        console.error('chat-widget: listener failed', error);
      }
    }
  }
}
