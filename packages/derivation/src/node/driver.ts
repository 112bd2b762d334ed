// The driver (op-node's derivation driver and engine queue; kona's node service): steps the
// pipeline and hands each attributes to the engine — consolidated with the unsafe block at that
// height when one exists, built otherwise — so it becomes local-safe; records L1 block → local-safe
// head in the SafeDB; promotes safe at the end of each batch (through the authority, if any) and
// finalized as L1 finalizes. Error kinds decide: temporary → the caller retries, reset → the sync
// start is found again and the pipeline restarts there, critical → the chain stops.
import {
  type BlockID,
  DEPOSIT_TX_TYPE,
  ForkSchedule,
  type L1BlockRef,
  type L1ChainConfig,
  type L2BlockRef,
  type Logger,
  type PayloadAttributes,
  type RollupConfig,
  silentLogger,
} from "@supernode/protocol";
import { DerivationError } from "../errors.ts";
import { buildPipeline } from "../pipeline/buildPipeline.ts";
import type { DerivationPipeline, DerivedAttributes } from "../pipeline/pipeline.ts";
import type { BlobSource } from "../stages/l1Retrieval.ts";
import type { NodeEngine, NodeL1, SafetyAuthority } from "./ports.ts";
import { findSyncStart, type SafeHeadHistory } from "./syncStart.ts";

/** Where the driver records each local-safe update (the SafeDB); sync start reads it back. */
export interface SafeHeadRecorder extends Partial<SafeHeadHistory> {
  record(l1: BlockID, l2: BlockID): void;
  /** A reset to `safeHead`: entries whose L2 head is above it go. */
  resetTo(safeHead: BlockID): { readonly removed: number } | undefined;
}

export interface DriverOptions {
  readonly rollup: RollupConfig;
  readonly l1Chain: L1ChainConfig;
  readonly l1: NodeL1;
  readonly blobs: BlobSource;
  readonly engine: NodeEngine;
  readonly safeDb?: SafeHeadRecorder;
  /** Interop's say over safe; none: safe = local-safe (also before interop activates). */
  readonly authority?: SafetyAuthority;
  readonly logger?: Logger;
  /** Counters for the node's metrics. */
  readonly onEvent?: (event: DriverEvent) => void;
}

export type DriverEvent =
  | { readonly kind: "derived"; readonly block: L2BlockRef; readonly consolidated: boolean }
  | { readonly kind: "l1-processed"; readonly origin: L1BlockRef }
  | { readonly kind: "reset"; readonly cause: string }
  | { readonly kind: "deposits-only"; readonly block: L2BlockRef }
  | { readonly kind: "dropped-attributes"; readonly reason: string };

/** What one step did: derived a block, moved the L1 origin, or found nothing to do yet. */
export type DriverStep = "derived" | "advanced" | "idle" | "reset";

/** op-node's finality lookback: entries for this many L1 blocks are kept. */
const FINALITY_LOOKBACK = 4 * 32 + 1;

export class Driver {
  readonly #forks: ForkSchedule;
  readonly #logger: Logger;
  #pipeline: DerivationPipeline | null = null;
  /** The head derived blocks are built on (op-node's pending safe). */
  #pendingSafe: L2BlockRef | null = null;
  /** (L2 block, the L1 block it was derived from), newest last, for finality. */
  readonly #derivedFrom: { l2: L2BlockRef; l1: L1BlockRef }[] = [];
  #resetCause: string | null = "start";

  constructor(private readonly options: DriverOptions) {
    this.#forks = new ForkSchedule(options.rollup);
    this.#logger = options.logger ?? silentLogger;
  }

  /** The L1 block the pipeline reads (null before the first reset). */
  get currentL1(): L1BlockRef | null {
    return this.#pipeline?.origin ?? null;
  }

  /** Frames, channels and batches the pipeline has read (zeros before the first reset). */
  get counts(): { readonly frames: number; readonly channels: number; readonly batches: number } {
    return this.#pipeline?.counts ?? { frames: 0, channels: 0, batches: 0 };
  }

  get pendingSafe(): L2BlockRef | null {
    return this.#pendingSafe;
  }

  /** Asks for a reset before the next step (an L1 reorg seen elsewhere, an engine behind the SafeDB). */
  requestReset(cause: string): void {
    this.#resetCause ??= cause;
  }

  async #reset(cause: string): Promise<void> {
    const { rollup, l1, engine } = this.options;
    const history = this.options.safeDb;
    const start = await findSyncStart({
      rollup,
      l1,
      engine,
      logger: this.#logger,
      ...(history?.lastEntry && history.entryBefore && history.truncateFromL1
        ? { history: history as SafeHeadHistory }
        : {}),
    });
    l1.invalidateFrom?.(start.l1Origin.number + 1);
    if (
      start.safeHead.number < engine.heads.localSafe.number ||
      start.safeHead.hash !== engine.heads.localSafe.hash
    )
      await engine.rewind(start.safeHead);
    this.#pipeline ??= buildPipeline({
      rollup,
      l1Chain: this.options.l1Chain,
      ports: { l1, blobs: this.options.blobs, l2: engine },
      start: { l1Origin: start.l1Origin, l2SafeHead: start.safeHead, systemConfig: start.systemConfig },
      logger: this.#logger,
    });
    this.#pipeline.reset({
      l1Origin: start.l1Origin,
      l2SafeHead: start.safeHead,
      systemConfig: start.systemConfig,
    });
    this.#pendingSafe = start.safeHead;
    this.#derivedFrom.length = 0;
    if (start.removedFromL1 !== null) {
      const removed = this.options.safeDb?.truncateFromL1?.(start.removedFromL1) ?? 0;
      this.#logger.warn("SafeDB entries at L1 blocks a reorg removed dropped", {
        fromL1: start.removedFromL1,
        removed,
      });
    }
    const truncated = this.options.safeDb?.resetTo(start.safeHead);
    if (truncated && truncated.removed > 0)
      this.#logger.warn(
        "SafeDB entries above the safe head removed (an L1 reorg, or an engine that lost blocks)",
        {
          removed: truncated.removed,
          safe: start.safeHead.number,
        },
      );
    this.options.onEvent?.({ kind: "reset", cause });
    this.#logger.info("derivation reset", {
      cause,
      safe: start.safeHead.number,
      l1: start.l1Origin.number,
    });
  }

  /** One unit of work. Throws DerivationError `temporary` (retry) or `critical` (stop). */
  async step(): Promise<DriverStep> {
    if (this.#resetCause !== null) {
      // Cleared only once the reset is done: a reset that fails (the engine away) is retried.
      await this.#reset(this.#resetCause);
      this.#resetCause = null;
      return "reset";
    }
    const pipeline = this.#pipeline as DerivationPipeline;
    try {
      const result = await pipeline.step(this.#pendingSafe as L2BlockRef);
      switch (result.kind) {
        case "attributes":
          try {
            await this.#apply(result.derived);
          } catch (error) {
            // The pipeline has handed these attributes over: retrying the step would derive the
            // next ones on the same parent (and drop every later batch as from the future).
            // Derive again from the engine's safe head once it answers.
            this.#resetCause ??= "the derived block could not be applied";
            throw error;
          }
          return "derived";
        case "origin-advanced":
          this.options.onEvent?.({ kind: "l1-processed", origin: result.origin });
          return "advanced";
        case "not-enough-data":
          return "advanced";
        case "eof":
          return "idle";
      }
    } catch (error) {
      if (error instanceof DerivationError && error.kind === "reset") {
        this.#logger.warn("derivation needs a reset", { reason: error.message });
        this.#resetCause = error.message;
        return "reset";
      }
      throw error;
    }
  }

  async #apply(derived: DerivedAttributes): Promise<void> {
    const { engine } = this.options;
    let applied = await engine.applyDerived(derived.attributes, derived.parent);
    if (applied.status === "invalid") {
      const timestamp = Number(derived.attributes.timestamp);
      if (!this.#forks.isHolocene(timestamp)) {
        // Before Holocene the attributes are dropped; the batch queue offers another batch.
        this.#logger.warn("derived payload invalid: attributes dropped", {
          reason: applied.reason,
          timestamp,
        });
        this.options.onEvent?.({ kind: "dropped-attributes", reason: applied.reason });
        return;
      }
      // Holocene: the same attributes with only their deposits, and the rest of the channel flushed.
      const depositsOnly: PayloadAttributes = {
        ...derived.attributes,
        transactions: derived.attributes.transactions.filter((tx) => tx[0] === DEPOSIT_TX_TYPE),
      };
      this.#logger.warn("derived payload invalid: replacing it with its deposits only", {
        reason: applied.reason,
        timestamp,
      });
      applied = await engine.applyDerived(depositsOnly, derived.parent);
      if (applied.status === "invalid")
        throw new DerivationError(
          "critical",
          "driver",
          `the deposits-only block at ${timestamp} is invalid too: ${applied.reason}`,
        );
      this.options.onEvent?.({ kind: "deposits-only", block: applied.ref });
      (this.#pipeline as DerivationPipeline).flushChannel();
    }
    const block = applied.ref;
    this.#pendingSafe = block;
    this.options.safeDb?.record(derived.derivedFrom, block);
    this.#derivedFrom.push({ l2: block, l1: derived.derivedFrom });
    while (
      this.#derivedFrom.length > 0 &&
      (this.#derivedFrom[0] as { l1: L1BlockRef }).l1.number < derived.derivedFrom.number - FINALITY_LOOKBACK
    )
      this.#derivedFrom.shift();
    this.options.onEvent?.({ kind: "derived", block, consolidated: applied.consolidated });
    if (derived.concluding) await this.#promoteSafe(block);
  }

  /** Safe follows local-safe unless an authority (interop, once active) says how far. */
  async #promoteSafe(localSafe: L2BlockRef): Promise<void> {
    const { authority, engine } = this.options;
    if (!authority || !this.#forks.isInterop(localSafe.timestamp)) {
      await engine.promote({ safe: localSafe });
      return;
    }
    const verified = await authority.verifiedSafe(localSafe);
    if (verified && verified.number > engine.heads.safe.number) await engine.promote({ safe: verified });
  }

  /**
   * L1 finalized moved to `finalizedL1`: the highest derived block whose L1 source is at or below
   * it becomes finalized, once both L1 blocks are still canonical (op-node's finalizer).
   */
  async onL1Finalized(finalizedL1: L1BlockRef): Promise<void> {
    const { engine, l1 } = this.options;
    let candidate: { l2: L2BlockRef; l1: L1BlockRef } | null = null;
    for (const entry of this.#derivedFrom)
      if (entry.l1.number <= finalizedL1.number && entry.l2.number <= engine.heads.safe.number)
        candidate = entry;
    if (!candidate || candidate.l2.number <= engine.heads.finalized.number) return;
    const [source, finalized] = await Promise.all([
      l1.canonicalRef(candidate.l1.number),
      l1.canonicalRef(finalizedL1.number),
    ]);
    if (source?.hash !== candidate.l1.hash || finalized?.hash !== finalizedL1.hash) {
      this.requestReset("an L1 block behind finality changed");
      return;
    }
    await engine.promote({ finalized: candidate.l2 });
  }
}
