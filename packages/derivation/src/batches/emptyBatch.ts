// Empty batches at sequencing-window expiry (specs "Batch Queue"; op-node batch_queue.go
// deriveNextEmptyBatch): when no batch came for the epoch in time, the chain moves on with
// empty blocks (deposits only), one per block time, until the next epoch's time is reached.
import type { L1BlockRef, L2BlockRef, SingularBatch } from "@supernode/protocol";
import type { BatchRules } from "./singularBatchValidity.ts";

export interface EmptyBatchContext {
  readonly safe: L2BlockRef;
  /** [0] the current epoch, [1] the next one if known. */
  readonly l1Blocks: readonly L1BlockRef[];
  /** The batch queue's current L1 origin. */
  readonly origin: L1BlockRef;
  /** The stages below have no more data at this origin. */
  readonly outOfData: boolean;
}

export type EmptyBatchStep =
  | { readonly kind: "batch"; readonly batch: SingularBatch }
  /** The epoch is used up: drop l1Blocks[0] and look again. */
  | { readonly kind: "advance-epoch" }
  /** Not forced (the window is still open) or the next epoch is unknown: end of data for now. */
  | { readonly kind: "eof" };

export function nextEmptyBatch(rules: BatchRules, context: EmptyBatchContext): EmptyBatchStep {
  const { safe, l1Blocks, origin, outOfData } = context;
  const epoch = l1Blocks[0];
  if (!epoch) return { kind: "eof" };
  const expiry = epoch.number + rules.seqWindowSize;
  const force = (expiry === origin.number && outOfData) || expiry < origin.number;
  if (!force) return { kind: "eof" };
  const nextEpoch = l1Blocks[1];
  if (!nextEpoch) return { kind: "eof" };
  const nextTimestamp = safe.timestamp + rules.blockTime;
  const firstOfEpoch = epoch.number === safe.l1origin.number + 1;
  if (nextTimestamp < nextEpoch.timestamp || firstOfEpoch) {
    return {
      kind: "batch",
      batch: {
        parentHash: safe.hash,
        epochNum: epoch.number,
        epochHash: epoch.hash,
        timestamp: nextTimestamp,
        transactions: [],
      },
    };
  }
  return { kind: "advance-epoch" };
}
