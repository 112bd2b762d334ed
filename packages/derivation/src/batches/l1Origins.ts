// The L1 origins a batch stage holds (op-node base_batch_stage.go updateOrigins, originBehind,
// reset, deriveNextEmptyBatch): the stage's own origin follows the stage below; each new origin is
// appended unless it is behind the safe head's epoch (then the list is emptied: the start-up case);
// entries older than the safe head's epoch are dropped once that epoch is found in the list. [0]
// is the safe head's epoch (or the one after it, once empty batches used the epoch up), [1] the
// next one when known.
import type { L1BlockRef, L2BlockRef, SingularBatch } from "@supernode/protocol";
import { DerivationError } from "../errors.ts";
import { nextEmptyBatch } from "./emptyBatch.ts";
import type { BatchRules } from "./singularBatchValidity.ts";

const sameBlock = (a: L1BlockRef | null, b: L1BlockRef | null) =>
  a === b || (a !== null && b !== null && a.hash === b.hash && a.number === b.number);

export class L1Origins {
  #blocks: L1BlockRef[] = [];
  #origin: L1BlockRef | null = null;

  constructor(private readonly stage: string) {}

  get blocks(): readonly L1BlockRef[] {
    return this.#blocks;
  }

  /** The stage below is at an L1 block older than the safe head's epoch: its batches are skipped. */
  behind(below: L1BlockRef | null, safe: L2BlockRef): boolean {
    return below !== null && below.number < safe.l1origin.number;
  }

  /** op-node updateOrigins: follow the stage below's origin, then the safe head's epoch. */
  update(below: L1BlockRef | null, safe: L2BlockRef): void {
    if (below && !sameBlock(this.#origin, below)) {
      this.#origin = below;
      if (this.behind(below, safe)) this.#blocks = [];
      else this.#blocks.push(below);
    }
    const first = this.#blocks[0];
    if (first && safe.l1origin.number > first.number) {
      const at = this.#blocks.findIndex((b) => b.number === safe.l1origin.number);
      if (at >= 0) this.#blocks = this.#blocks.slice(at);
    }
  }

  /**
   * The buffered epoch must be the safe head's, or the one right after it (empty batches used the
   * safe head's epoch up): anything else is an inconsistency that only a reset resolves.
   */
  checkEpoch(safe: L2BlockRef): void {
    const epoch = this.#blocks[0];
    if (!epoch) throw new DerivationError("critical", this.stage, "no L1 origin was prepared");
    const same = epoch.number === safe.l1origin.number && epoch.hash === safe.l1origin.hash;
    if (!same && safe.l1origin.number !== epoch.number - 1) {
      throw new DerivationError(
        "reset",
        this.stage,
        `buffered L1 epoch ${epoch.number} (${epoch.hash}) does not match the safe head's origin ${safe.l1origin.number} (${safe.l1origin.hash})`,
      );
    }
  }

  /** An empty batch if the sequencing window forces one; an epoch that is used up is dropped. */
  emptyBatch(rules: BatchRules, safe: L2BlockRef, outOfData: boolean): SingularBatch | null {
    const origin = this.#origin;
    if (!origin) return null;
    const step = nextEmptyBatch(rules, { safe, l1Blocks: this.#blocks, origin, outOfData });
    if (step.kind === "batch") return step.batch;
    if (step.kind === "advance-epoch") this.#blocks.shift();
    return null;
  }

  /** op-node reset: the base is the stage's origin and its only L1 block. */
  reset(base: L1BlockRef): void {
    this.#origin = base;
    this.#blocks = [base];
  }

  /** Holocene's activation hands the pre-Holocene queue's origins to the batch stage. */
  adopt(other: L1Origins): void {
    this.#origin = other.#origin;
    this.#blocks = [...other.#blocks];
  }
}
