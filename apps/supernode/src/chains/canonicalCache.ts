// What superroot_atTimestamp reads again and again, kept in memory: local-safe block refs and the
// L1 blocks they became local-safe at (the SafeDB's answer) by number, and output roots by block
// hash. An output by hash never changes (the hash commits to the
// state), so those entries are always right. A ref by number is right until the chain below
// local-safe changes, which only a derivation reset (an L1 reorg), a rewind or a new virtual node
// does (the SafeDB is truncated in the same reset): the container calls `invalidate()` then, and a read that began before an invalidation is
// not stored. Both maps are bounded, least recently used out first.

/** Entries of each map kept (a ref is ~300 bytes, an output ~250: a few MB at most). */
export const CANONICAL_CACHE_ENTRIES = 8192;

class Lru<K, V> {
  readonly #entries = new Map<K, V>();
  constructor(private readonly limit: number) {}

  get(key: K): V | undefined {
    const value = this.#entries.get(key);
    if (value !== undefined) {
      this.#entries.delete(key);
      this.#entries.set(key, value);
    }
    return value;
  }

  set(key: K, value: V): void {
    this.#entries.delete(key);
    this.#entries.set(key, value);
    if (this.#entries.size > this.limit) this.#entries.delete(this.#entries.keys().next().value as K);
  }

  clear(): void {
    this.#entries.clear();
  }

  get size(): number {
    return this.#entries.size;
  }
}

export class CanonicalCache<Ref extends { readonly hash: string }, Output, Inclusion = unknown> {
  #generation = 0;
  readonly #refs: Lru<number, Ref>;
  readonly #inclusions: Lru<number, Inclusion>;
  readonly #outputs: Lru<string, Output>;
  readonly #pendingRefs = new Map<number, Promise<Ref | null>>();

  constructor(limit = CANONICAL_CACHE_ENTRIES) {
    this.#refs = new Lru(limit);
    this.#inclusions = new Lru(limit);
    this.#outputs = new Lru(limit);
  }

  /** The chain below local-safe may have changed: refs and inclusions by number are forgotten. */
  invalidate(): void {
    this.#generation++;
    this.#refs.clear();
    this.#inclusions.clear();
    this.#pendingRefs.clear();
  }

  /**
   * Where local-safe block `number` was derived from (a synchronous read: the SafeDB), read once;
   * null (not yet known) is not kept.
   */
  inclusion(number: number, read: (number: number) => Inclusion | null): Inclusion | null {
    const cached = this.#inclusions.get(number);
    if (cached !== undefined) return cached;
    const found = read(number);
    if (found !== null) this.#inclusions.set(number, found);
    return found;
  }

  /** The canonical ref at `number` (which the caller knows is local-safe), read once. */
  async ref(number: number, read: (number: number) => Promise<Ref | null>): Promise<Ref | null> {
    const cached = this.#refs.get(number);
    if (cached !== undefined) return cached;
    // Callers asking for the same block at once share one read.
    const pending = this.#pendingRefs.get(number);
    if (pending !== undefined) return pending;
    const generation = this.#generation;
    const reading: Promise<Ref | null> = read(number).finally(() => {
      if (this.#pendingRefs.get(number) === reading) this.#pendingRefs.delete(number);
    });
    this.#pendingRefs.set(number, reading);
    const ref = await reading;
    if (ref !== null && generation === this.#generation) this.#refs.set(number, ref);
    return ref;
  }

  /** The output of the block `hash`; `read` must answer for that very block (or null). */
  async output(hash: string, read: () => Promise<Output | null>): Promise<Output | null> {
    const cached = this.#outputs.get(hash);
    if (cached !== undefined) return cached;
    const output = await read();
    if (output !== null) this.#outputs.set(hash, output);
    return output;
  }

  get sizes(): { readonly refs: number; readonly inclusions: number; readonly outputs: number } {
    return { refs: this.#refs.size, inclusions: this.#inclusions.size, outputs: this.#outputs.size };
  }
}
