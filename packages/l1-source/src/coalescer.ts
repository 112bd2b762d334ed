// In-flight request coalescing: concurrent requests for the same key share one upstream request.
export class Coalescer<V> {
  readonly #inFlight = new Map<string, Promise<V>>();
  coalesced = 0;

  run(key: string, load: () => Promise<V>): Promise<V> {
    const pending = this.#inFlight.get(key);
    if (pending) {
      this.coalesced++;
      return pending;
    }
    const promise = load().finally(() => this.#inFlight.delete(key));
    this.#inFlight.set(key, promise);
    return promise;
  }
}
