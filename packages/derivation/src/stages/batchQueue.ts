// Batch queue, before Holocene (specs "Batch Queue"; op-node batch_queue.go; kona
// stages/batch/batch_queue.rs): every batch read is buffered with its inclusion block and judged
// in inclusion order against the safe head — the first accepted wins, future ones wait, dropped
// ones go, an undecided one stops the search until more L1 data arrives. An accepted span batch
// is handed out as singular batches, one per block. With nothing to accept and the sequencing
// window expired, empty batches keep the chain moving. While the stages below are at an L1 block
// older than the safe head's epoch (after a reset), their batches are read and skipped.
import {
  BatchError,
  deriveSpanBatch,
  type L1BlockRef,
  type L2BlockRef,
  type Logger,
  type SingularBatch,
  type SpanBatchChainParams,
} from "@supernode/protocol";
import { L1Origins } from "../batches/l1Origins.ts";
import { type BatchRules, checkSingularBatch, type Verdict } from "../batches/singularBatchValidity.ts";
import { checkSpanBatch, type SafeChainSource } from "../batches/spanBatchValidity.ts";
import type { ReadBatch } from "./channelReader.ts";

const STAGE = "batch-queue";

export interface BatchSource {
  next(): Promise<ReadBatch | null>;
  /** The current L1 origin of the stages below. */
  readonly origin: L1BlockRef | null;
}

export class BatchQueue {
  readonly #origins = new L1Origins(STAGE);
  #queue: ReadBatch[] = [];
  /** The rest of an accepted span batch (parent hashes filled in as each block is handed out). */
  #span: SingularBatch[] = [];

  constructor(
    private readonly source: BatchSource,
    private readonly rules: BatchRules,
    private readonly chain: SpanBatchChainParams,
    private readonly l2: SafeChainSource,
    private readonly logger?: Logger,
  ) {}

  /** The L1 origins the queue holds ([0] is the safe head's epoch). */
  get l1Blocks(): readonly L1BlockRef[] {
    return this.#origins.blocks;
  }

  /** The origins themselves (the Holocene batch stage takes them over at activation). */
  get origins(): L1Origins {
    return this.#origins;
  }

  /** Whether the last batch handed out was the last of its span (or a singular batch). */
  get concluding(): boolean {
    return this.#span.length === 0;
  }

  async #judge(item: ReadBatch, safe: L2BlockRef): Promise<Verdict & { singular?: SingularBatch[] }> {
    const context = { safe, l1Blocks: this.#origins.blocks, inclusionBlock: item.l1 };
    if (item.batch.type === "singular") return checkSingularBatch(this.rules, context, item.batch.batch);
    let span: ReturnType<typeof deriveSpanBatch>;
    try {
      span = deriveSpanBatch(item.batch.batch, this.chain);
    } catch (error) {
      if (!(error instanceof BatchError)) throw error;
      return { validity: "drop", reason: `span batch: ${error.message}` };
    }
    const verdict = await checkSpanBatch(this.rules, context, span, this.l2);
    if (verdict.validity !== "accept") return verdict;
    const singular = span.elements
      .filter((element) => element.timestamp > safe.timestamp)
      .map((element) => ({
        parentHash: safe.hash,
        epochNum: element.epochNum,
        epochHash: (this.#origins.blocks.find((b) => b.number === element.epochNum) as L1BlockRef).hash,
        timestamp: element.timestamp,
        transactions: element.transactions,
      }));
    return { ...verdict, singular };
  }

  /** The batch for the block after `safe`, or null until more L1 data is available. */
  async nextBatch(safe: L2BlockRef): Promise<SingularBatch | null> {
    const next = this.#span[0];
    if (next) {
      if (next.timestamp === safe.timestamp + this.rules.blockTime) {
        this.#span.shift();
        return { ...next, parentHash: safe.hash };
      }
      this.#span = []; // the safe head moved elsewhere: the rest of the span no longer applies
    }
    this.#origins.update(this.source.origin, safe);
    const behind = this.#origins.behind(this.source.origin, safe);
    for (let read = await this.source.next(); read !== null; read = await this.source.next()) {
      if (!behind) this.#queue.push(read);
    }
    if (behind) return null;
    this.#origins.checkEpoch(safe);
    for (let i = 0; i < this.#queue.length; ) {
      const item = this.#queue[i] as ReadBatch;
      const verdict = await this.#judge(item, safe);
      if (verdict.validity === "undecided") return null;
      if (verdict.validity === "future") {
        i++;
        continue;
      }
      this.#queue.splice(i, 1);
      if (verdict.validity === "drop" || verdict.validity === "past") {
        this.logger?.warn("dropping a batch", { reason: verdict.reason, l1: item.l1.number });
        continue;
      }
      if (verdict.singular) {
        this.#span = verdict.singular.slice(1);
        return verdict.singular[0] ?? null;
      }
      return item.batch.type === "singular" ? item.batch.batch : null;
    }
    return this.#origins.emptyBatch(this.rules, safe, true);
  }

  reset(origin: L1BlockRef): void {
    this.#origins.reset(origin);
    this.#queue = [];
    this.#span = [];
  }
}
