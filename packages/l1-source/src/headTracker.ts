// One poller for the L1 latest / safe / finalized heads, shared by every chain, with
// subscribers and reorg detection by parent hash. The clock is injected (tests drive poll()).
import type { L1BlockRef } from "@supernode/protocol";
import type { L1Client } from "./l1Client.ts";

export type HeadEvent =
  | { readonly type: "latest"; readonly ref: L1BlockRef }
  | { readonly type: "safe"; readonly ref: L1BlockRef }
  | { readonly type: "finalized"; readonly ref: L1BlockRef }
  /** Blocks from `fromNumber` on were replaced; `newHead` is the new latest. */
  | {
      readonly type: "reorg";
      readonly fromNumber: number;
      readonly oldHead: L1BlockRef;
      readonly newHead: L1BlockRef;
    };

export interface HeadTrackerOptions {
  /** Poll interval; 12 s by default (one L1 slot). */
  readonly intervalMs?: number;
  /**
   * How many recent canonical blocks are remembered to find where a reorg starts (read as
   * batches on the first poll); a deeper reorg is reported from the oldest one.
   */
  readonly window?: number;
}

export class HeadTracker {
  readonly #listeners = new Set<(event: HeadEvent) => void>();
  /** Recent canonical hashes by number. */
  readonly #recent = new Map<number, string>();
  #latest: L1BlockRef | null = null;
  #safe: L1BlockRef | null = null;
  #finalized: L1BlockRef | null = null;
  #timer: ReturnType<typeof setInterval> | null = null;
  readonly #interval: number;
  readonly #window: number;

  constructor(
    private readonly l1: L1Client,
    options: HeadTrackerOptions = {},
  ) {
    this.#interval = options.intervalMs ?? 12_000;
    this.#window = options.window ?? 256;
  }

  get latest(): L1BlockRef | null {
    return this.#latest;
  }
  get safe(): L1BlockRef | null {
    return this.#safe;
  }
  get finalized(): L1BlockRef | null {
    return this.#finalized;
  }

  subscribe(listener: (event: HeadEvent) => void): () => void {
    this.#listeners.add(listener);
    return () => this.#listeners.delete(listener);
  }

  #emit(event: HeadEvent): void {
    for (const listener of this.#listeners) listener(event);
  }

  #remember(ref: L1BlockRef): void {
    this.#recent.set(ref.number, ref.hash);
    for (const number of this.#recent.keys())
      if (number <= ref.number - this.#window || number > ref.number) this.#recent.delete(number);
  }

  /**
   * Remembers the canonical blocks from `downTo` up to below `head`, read from the node by number
   * (in parallel, so they travel as batches) and kept while they link to `head` by parent hash:
   * a reorg can only be placed exactly within blocks we remember.
   */
  async #fill(head: L1BlockRef, downTo: number): Promise<void> {
    const numbers: number[] = [];
    for (let number = head.number - 1; number >= Math.max(downTo, 0); number--) numbers.push(number);
    const refs = await Promise.all(
      numbers.map(async (number) => (await this.l1.canonicalHeaderByNumber(number)).ref),
    );
    let child = head;
    for (const ref of refs) {
      // The chain moved while we read: what is left unknown counts as replaced in a reorg.
      if (ref.hash !== child.parentHash) break;
      this.#recent.set(ref.number, ref.hash);
      child = ref;
    }
  }

  /**
   * Where the new chain leaves the remembered one: walk back from `head` by parent hash to a
   * remembered block it builds on. Blocks never seen count as replaced (a safe over-estimate).
   * The walked blocks of the new chain are remembered.
   */
  async #reorgStart(head: L1BlockRef): Promise<number> {
    const oldest = Math.min(...this.#recent.keys());
    const walked: L1BlockRef[] = [head];
    let ref = head;
    while (ref.number > 0 && ref.number > oldest) {
      if (this.#recent.get(ref.number - 1) === ref.parentHash) break;
      ref = (await this.l1.headerByHash(ref.parentHash)).ref;
      walked.push(ref);
    }
    for (const block of walked) this.#recent.set(block.number, block.hash);
    return ref.number;
  }

  /** The first replaced block number, or null when `latest` builds on what we saw. */
  async #replacedFrom(previous: L1BlockRef, latest: L1BlockRef): Promise<number | null> {
    if (latest.number > previous.number) {
      if (this.#recent.get(latest.number - 1) === latest.parentHash) return null;
      // A gap since the last poll: remember the blocks in it (at most a window, so a long stall
      // does not read thousands of headers) and ask whether our old head is still canonical.
      // The node, not the client's number index: that holds the old head until invalidated.
      await this.#fill(latest, Math.max(previous.number + 1, latest.number - this.#window + 1));
      const canonical = (await this.l1.canonicalHeaderByNumber(previous.number)).ref;
      return canonical.hash === previous.hash ? null : this.#reorgStart(canonical);
    }
    return this.#reorgStart(latest);
  }

  /** One poll of the three labels. */
  async poll(): Promise<void> {
    const latest = (await this.l1.headerByLabel("latest")).ref;
    const previous = this.#latest;
    if (!previous || latest.hash !== previous.hash) {
      const fromNumber = previous ? await this.#replacedFrom(previous, latest) : null;
      if (!previous) await this.#fill(latest, latest.number - this.#window + 1);
      this.#latest = latest;
      this.#remember(latest);
      if (previous && fromNumber !== null) {
        this.l1.invalidateFrom(fromNumber);
        this.#emit({ type: "reorg", fromNumber, oldHead: previous, newHead: latest });
      }
      this.#emit({ type: "latest", ref: latest });
    }
    for (const label of ["safe", "finalized"] as const) {
      const ref = (await this.l1.headerByLabel(label)).ref;
      const current = label === "safe" ? this.#safe : this.#finalized;
      if (current?.hash === ref.hash) continue;
      if (label === "safe") this.#safe = ref;
      else this.#finalized = ref;
      this.#emit({ type: label, ref });
    }
  }

  start(onError: (error: unknown) => void): void {
    if (this.#timer) return;
    const tick = () => void this.poll().catch(onError);
    tick();
    this.#timer = setInterval(tick, this.#interval);
  }

  stop(): void {
    if (this.#timer) clearInterval(this.#timer);
    this.#timer = null;
  }
}
