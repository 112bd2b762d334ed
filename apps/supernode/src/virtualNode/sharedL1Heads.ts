// The L1 heads (latest, safe, finalized) read once per poll interval for every chain: each
// virtual node polls its heads, and one waiting at the L1 tip asks for the block after it; with N
// chains that was N × the requests for the same answers. Here a label is read at most once per
// `maxAgeMs` (concurrent reads share one request), and a block above the latest head known is
// "not there yet" without asking L1 — as op-node, which waits for its next head poll before it
// looks for a new block. A new L1 block is seen at most one poll interval late either way.
import type { L1Label } from "@supernode/derivation";
import type { L1Client } from "@supernode/l1-source";
import type { L1BlockRef } from "@supernode/protocol";

interface Reading {
  readonly at: number;
  readonly ref: Promise<L1BlockRef>;
}

export class SharedL1Heads {
  readonly #readings = new Map<L1Label, Reading>();

  constructor(
    private readonly l1: L1Client,
    private readonly maxAgeMs: number,
    private readonly now: () => number = Date.now,
  ) {}

  /** The head by label, read from L1 when the last reading is older than `maxAgeMs`. */
  head(label: L1Label): Promise<L1BlockRef> {
    const last = this.#readings.get(label);
    if (last && this.now() - last.at < this.maxAgeMs) return last.ref;
    const ref = this.l1.headerByLabel(label).then((header) => header.ref);
    const reading = { at: this.now(), ref };
    this.#readings.set(label, reading);
    // A failed read is not kept: the next caller asks again.
    ref.catch(() => {
      if (this.#readings.get(label) === reading) this.#readings.delete(label);
    });
    return ref;
  }

  /** Whether L1 block `number` may exist: at or below the latest head (read as `head` reads it). */
  async mayExist(number: number): Promise<boolean> {
    return number <= (await this.head("latest")).number;
  }
}
