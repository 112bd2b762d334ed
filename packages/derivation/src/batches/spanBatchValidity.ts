// Span batch validity (specs delta/span-batches.md, holocene/derivation.md; op-node batches.go
// checkSpanBatch; kona batch/span.rs): the prefix rules, the per-block rules for blocks after the
// safe head, and the overlap check of blocks already in the safe chain, in op-node's order.
import { bytesToHex, type L1BlockRef, type L2BlockRef, type SpanBatch } from "@supernode/protocol";
import {
  type BatchContext,
  type BatchRules,
  maxSequencerDrift,
  type Verdict,
} from "./singularBatchValidity.ts";

/** The L2 reads the overlap check needs: a safe block's ref and its transactions (raw bytes). */
export interface SafeChainSource {
  /** Null (or a throw) when it cannot be read now: the batch is undecided. */
  blockByNumber(
    number: number,
  ): Promise<{ readonly ref: L2BlockRef; readonly transactions: readonly Uint8Array[] } | null>;
}

const verdict = (validity: Verdict["validity"], reason: string): Verdict => ({ validity, reason });
const startsWith = (hash: string, check: Uint8Array) =>
  hash.toLowerCase().slice(2, 42) === bytesToHex(check).slice(2);
const sameBytes = (a: Uint8Array, b: Uint8Array | undefined) =>
  b !== undefined && a.length === b.length && a.every((byte, i) => byte === b[i]);

async function read<T>(work: () => Promise<T | null>): Promise<T | null> {
  try {
    return await work();
  } catch {
    return null;
  }
}

function transactionVerdict(
  rules: BatchRules,
  timestamp: number,
  transactions: readonly Uint8Array[],
): Verdict | null {
  for (const tx of transactions) {
    if (tx.length === 0) return verdict("drop", "empty transaction");
    if (tx[0] === 0x7e) return verdict("drop", "deposit transaction in a batch");
    if (tx[0] === 0x04 && !rules.forks.isIsthmus(timestamp))
      return verdict("drop", "EIP-7702 transaction before Isthmus");
  }
  return null;
}

/** The parent a span batch's prefix was checked against, or the prefix's verdict. */
export type SpanPrefix =
  | { readonly ok: true; readonly parent: L2BlockRef; readonly parentNum: number }
  | { readonly ok: false; readonly verdict: Verdict };

/**
 * The prefix rules of a span batch (specs delta/span-batches.md; op-node checkSpanBatchPrefix):
 * everything before the per-block rules. Holocene's batch stream runs these alone.
 */
export async function checkSpanPrefix(
  rules: BatchRules,
  context: BatchContext,
  span: SpanBatch,
  l2: SafeChainSource,
): Promise<SpanPrefix> {
  const fail = (validity: Verdict["validity"], reason: string): SpanPrefix => ({
    ok: false,
    verdict: verdict(validity, reason),
  });
  const { safe, l1Blocks, inclusionBlock } = context;
  const elements = span.elements;
  const first = elements[0];
  const last = elements.at(-1);
  const epoch = l1Blocks[0];
  if (!epoch || !first || !last) return fail("undecided", "no L1 origins buffered, or an empty span");
  const holocene = rules.forks.isHolocene(inclusionBlock.timestamp);
  const nextTimestamp = safe.timestamp + rules.blockTime;
  const startEpoch = first.epochNum;
  let batchOrigin = epoch;
  if (startEpoch === epoch.number + 1) {
    const next = l1Blocks[1];
    if (!next) return fail("undecided", "the next L1 origin is not known yet");
    batchOrigin = next;
  }
  if (!rules.forks.isDelta(batchOrigin.timestamp))
    return fail("drop", "span batch before Delta (by its L1 origin's time)");
  if (first.timestamp > nextTimestamp) {
    return holocene
      ? fail("drop", "future span batch (dropped from Holocene)")
      : fail("future", "span starts after the next block");
  }
  if (last.timestamp < nextTimestamp) {
    return holocene
      ? fail("past", "span ends at or before the safe head")
      : fail("drop", "span ends before the next block");
  }
  // The parent: the safe head, or for an overlapping span the safe block before its start.
  let parent = safe;
  let parentNum = safe.number;
  if (first.timestamp < nextTimestamp) {
    if (first.timestamp > safe.timestamp)
      return fail("drop", "span start is between the safe head and the next block");
    if ((safe.timestamp - first.timestamp) % rules.blockTime !== 0)
      return fail("drop", "span start is not aligned to the block time");
    parentNum = safe.number - (safe.timestamp - first.timestamp) / rules.blockTime - 1;
    const block = await read(() => l2.blockByNumber(parentNum));
    if (!block) return fail("undecided", `the safe block ${parentNum} cannot be read`);
    parent = block.ref;
  }
  if (!startsWith(parent.hash, span.parentCheck)) return fail("drop", "parent check does not match");
  if (startEpoch + rules.seqWindowSize < inclusionBlock.number)
    return fail("drop", "included after the sequencing window");
  if (startEpoch > parent.l1origin.number + 1)
    return fail("drop", "L1 origin skips an epoch after the parent's");
  const endOrigin = l1Blocks.find((b) => b.number === last.epochNum);
  if (!endOrigin) return fail("undecided", "the last block's L1 origin is not buffered yet");
  if (!startsWith(endOrigin.hash, span.l1OriginCheck)) return fail("drop", "L1 origin check does not match");
  if (startEpoch < parent.l1origin.number) return fail("drop", "L1 origin older than the parent's");
  return { ok: true, parent, parentNum };
}

export async function checkSpanBatch(
  rules: BatchRules,
  context: BatchContext,
  span: SpanBatch,
  l2: SafeChainSource,
): Promise<Verdict> {
  const prefix = await checkSpanPrefix(rules, context, span, l2);
  if (!prefix.ok) return prefix.verdict;
  const { parent, parentNum } = prefix;
  const { safe, l1Blocks } = context;
  const elements = span.elements;
  const first = elements[0] as SpanBatch["elements"][number];
  const nextTimestamp = safe.timestamp + rules.blockTime;

  for (const [i, element] of elements.entries()) {
    if (element.timestamp <= safe.timestamp) continue;
    if (element.epochNum < safe.l1origin.number)
      return verdict("drop", `block ${i}: L1 origin older than the safe head's`);
    const originIndex = l1Blocks.findIndex((b) => b.number === element.epochNum);
    const origin = l1Blocks[originIndex] as L1BlockRef | undefined;
    if (!origin) return verdict("drop", `block ${i}: its L1 origin is not among the buffered L1 blocks`);
    if (element.timestamp < origin.timestamp)
      return verdict("drop", `block ${i}: timestamp before its L1 origin`);
    if (element.timestamp > origin.timestamp + maxSequencerDrift(rules, origin.timestamp)) {
      if (element.transactions.length > 0)
        return verdict("drop", `block ${i}: past the max sequencer drift with transactions`);
      const previousEpoch =
        i === 0 ? parent.l1origin.number : (elements[i - 1]?.epochNum ?? element.epochNum);
      if (element.epochNum <= previousEpoch) {
        const nextOrigin = l1Blocks[originIndex + 1];
        if (!nextOrigin)
          return verdict("undecided", `block ${i}: past the drift, the next L1 origin is needed to judge`);
        if (element.timestamp >= nextOrigin.timestamp)
          return verdict("drop", `block ${i}: past the drift while the next L1 origin was available`);
      }
    }
    const bad = transactionVerdict(rules, element.timestamp, element.transactions);
    if (bad) return verdict(bad.validity, `block ${i}: ${bad.reason}`);
  }

  // Blocks the safe chain already has must be the same blocks.
  if (first.timestamp < nextTimestamp) {
    for (let i = 0; i < safe.number - parentNum; i++) {
      const number = parentNum + i + 1;
      const block = await read(() => l2.blockByNumber(number));
      if (!block) return verdict("undecided", `the safe block ${number} cannot be read`);
      const element = elements[i];
      if (!element) return verdict("drop", `no span block for safe block ${number}`);
      const safeTxs = block.transactions.filter((tx) => tx[0] !== 0x7e);
      if (safeTxs.length !== element.transactions.length)
        return verdict("drop", `overlapping block ${number}: transaction count differs`);
      const differs = safeTxs.some((tx, j) => !sameBytes(tx, element.transactions[j]));
      if (differs) return verdict("drop", `overlapping block ${number}: transactions differ`);
      if (block.ref.l1origin.number !== element.epochNum)
        return verdict("drop", `overlapping block ${number}: L1 origin differs`);
    }
  }
  return verdict("accept", "valid");
}
