// The L1 origins a batch stage holds (op-node batch_queue.go updateOrigins): appended as the
// traversal advances, dropped once older than the safe head's epoch; [0] is that epoch, [1] the
// next one when known. Also the empty-batch step that may advance them.
import type { L1BlockRef, L2BlockRef, SingularBatch } from "@supernode/protocol";
import { nextEmptyBatch } from "./emptyBatch.ts";
import type { BatchRules } from "./singularBatchValidity.ts";

export class L1Origins {
  #blocks: L1BlockRef[] = [];

  get blocks(): readonly L1BlockRef[] {
    return this.#blocks;
  }

  /** Follows the current L1 origin and the safe head's epoch. */
  track(origin: L1BlockRef | null, safe: L2BlockRef): void {
    const last = this.#blocks.at(-1);
    if (origin && (!last || origin.number > last.number)) this.#blocks.push(origin);
    while (this.#blocks.length > 1 && (this.#blocks[0] as L1BlockRef).number < safe.l1origin.number)
      this.#blocks.shift();
  }

  /** An empty batch if the sequencing window forces one; an epoch that is used up is dropped. */
  emptyBatch(
    rules: BatchRules,
    safe: L2BlockRef,
    origin: L1BlockRef | null,
    outOfData: boolean,
  ): SingularBatch | null {
    if (!origin) return null;
    const step = nextEmptyBatch(rules, { safe, l1Blocks: this.#blocks, origin, outOfData });
    if (step.kind === "batch") return step.batch;
    if (step.kind === "advance-epoch") this.#blocks.shift();
    return null;
  }

  reset(origin: L1BlockRef): void {
    this.#blocks = [origin];
  }
}
