// Singular batch validity (specs "Batch Queue", holocene/derivation.md; op-node batches.go
// checkSingularBatch; kona batch/single.rs): the rules in op-node's order, each outcome named.
// Before Holocene a future batch waits in the queue; from Holocene (by the inclusion block's
// time) it is dropped, and a batch at or before the safe head is `past` (skipped, not dropped).
import type { ForkSchedule, L1BlockRef, L2BlockRef, SingularBatch } from "@supernode/protocol";

export type BatchValidity = "accept" | "drop" | "future" | "undecided" | "past";

/** Fjord's max sequencer drift, in seconds (specs fjord/derivation.md). */
export const FJORD_MAX_SEQUENCER_DRIFT = 1800;

export interface BatchRules {
  readonly forks: ForkSchedule;
  readonly blockTime: number;
  readonly seqWindowSize: number;
  /** The rollup config's `max_sequencer_drift` (used before Fjord). */
  readonly maxSequencerDrift: number;
}

export interface BatchContext {
  /** The L2 safe head: the parent of the block the batch must make. */
  readonly safe: L2BlockRef;
  /** L1 origins the queue has passed: [0] is the safe head's epoch, [1] the next one if known. */
  readonly l1Blocks: readonly L1BlockRef[];
  /** The L1 block at which the batch was fully read. */
  readonly inclusionBlock: L1BlockRef;
}

export interface Verdict {
  readonly validity: BatchValidity;
  /** Why, in a few words (for logs and tests). */
  readonly reason: string;
}

export function maxSequencerDrift(rules: BatchRules, l1Time: number): number {
  return rules.forks.isFjord(l1Time) ? FJORD_MAX_SEQUENCER_DRIFT : rules.maxSequencerDrift;
}

/** Whether `timestamp` is the first L2 block of a fork (its previous block is before it). */
function isFirstBlockOf(active: (t: number) => boolean, timestamp: number, blockTime: number): boolean {
  return active(timestamp) && !active(timestamp - blockTime);
}

const verdict = (validity: BatchValidity, reason: string): Verdict => ({ validity, reason });

export function checkSingularBatch(rules: BatchRules, context: BatchContext, batch: SingularBatch): Verdict {
  const { safe, l1Blocks, inclusionBlock } = context;
  const holocene = rules.forks.isHolocene(inclusionBlock.timestamp);
  const epoch = l1Blocks[0];
  if (!epoch) return verdict("undecided", "no L1 origins buffered");
  const nextEpoch = l1Blocks[1];
  const nextTimestamp = safe.timestamp + rules.blockTime;
  if (batch.timestamp > nextTimestamp) {
    return holocene
      ? verdict("drop", "future batch (dropped from Holocene)")
      : verdict("future", "batch is for a later block");
  }
  if (batch.timestamp < nextTimestamp) {
    return holocene
      ? verdict("past", "batch is at or before the safe head")
      : verdict("drop", "batch is for an earlier block");
  }
  if (batch.parentHash.toLowerCase() !== safe.hash.toLowerCase())
    return verdict("drop", "parent hash is not the safe head");
  if (batch.epochNum + rules.seqWindowSize < inclusionBlock.number)
    return verdict("drop", "included after the sequencing window");
  if (batch.epochNum < epoch.number) return verdict("drop", "L1 origin older than the safe head's");
  let batchOrigin: L1BlockRef;
  if (batch.epochNum === epoch.number) batchOrigin = epoch;
  else if (batch.epochNum === epoch.number + 1) {
    if (!nextEpoch) return verdict("undecided", "the next L1 origin is not known yet");
    batchOrigin = nextEpoch;
  } else return verdict("drop", "L1 origin skips an epoch");
  if (batch.epochHash.toLowerCase() !== batchOrigin.hash.toLowerCase())
    return verdict("drop", "L1 origin hash mismatch");
  if (batch.timestamp < batchOrigin.timestamp) return verdict("drop", "timestamp before its L1 origin");
  if (batch.timestamp > batchOrigin.timestamp + maxSequencerDrift(rules, batchOrigin.timestamp)) {
    if (batch.transactions.length > 0)
      return verdict("drop", "past the max sequencer drift with transactions");
    if (epoch.number === batchOrigin.number) {
      if (!nextEpoch) return verdict("undecided", "past the drift: the next L1 origin is needed to judge");
      if (batch.timestamp >= nextEpoch.timestamp)
        return verdict("drop", "past the drift while the next L1 origin was available");
    }
  }
  if (batch.transactions.length > 0) {
    const { forks, blockTime } = rules;
    if (isFirstBlockOf((t) => forks.isJovian(t), batch.timestamp, blockTime))
      return verdict("drop", "transactions in the first Jovian block");
    if (isFirstBlockOf((t) => forks.isInterop(t), batch.timestamp, blockTime))
      return verdict("drop", "transactions in the first Interop block");
  }
  for (const tx of batch.transactions) {
    if (tx.length === 0) return verdict("drop", "empty transaction");
    if (tx[0] === 0x7e) return verdict("drop", "deposit transaction in a batch");
    if (tx[0] === 0x04 && !rules.forks.isIsthmus(batch.timestamp))
      return verdict("drop", "EIP-7702 transaction before Isthmus");
  }
  return verdict("accept", "valid");
}
