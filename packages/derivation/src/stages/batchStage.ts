// The Holocene batch stage (specs holocene/derivation.md; op-node batch_stage.go; kona
// stages/batch/batch_stream.rs, batch_validator.rs): no buffering and no reordering. Each batch is
// judged as it arrives: a future one is dropped, one at or before the safe head is skipped
// (`past`), and a dropped batch drops the rest of its span batch and flushes the rest of its
// channel. A span batch passes its prefix checks and then streams its blocks after the safe head
// as singular batches, each judged by the singular rules. Empty batches at window expiry as before.
import {
  BatchError,
  deriveSpanBatch,
  type L1BlockRef,
  type L2BlockRef,
  type Logger,
  type SingularBatch,
  type SpanBatch,
  type SpanBatchChainParams,
} from "@supernode/protocol";
import { L1Origins } from "../batches/l1Origins.ts";
import { type BatchRules, checkSingularBatch } from "../batches/singularBatchValidity.ts";
import { checkSpanPrefix, type SafeChainSource } from "../batches/spanBatchValidity.ts";
import type { BatchSource } from "./batchQueue.ts";
import type { ReadBatch } from "./channelReader.ts";

/** What the batch stage reads from: the channel reader, which it can tell to flush a channel. */
export interface FlushableBatchSource extends BatchSource {
  flushChannel(): void;
}

export class BatchStage {
  readonly #origins = new L1Origins();
  /** The blocks of the span being streamed, and the L1 block that carried it. */
  #span: { elements: SpanBatch["elements"][number][]; l1: L1BlockRef } | null = null;
  /** A batch that could not be judged yet (undecided), judged again first. */
  #pending: ReadBatch | null = null;

  constructor(
    private readonly source: FlushableBatchSource,
    private readonly rules: BatchRules,
    private readonly chain: SpanBatchChainParams,
    private readonly l2: SafeChainSource,
    private readonly logger?: Logger,
  ) {}

  get l1Blocks(): readonly L1BlockRef[] {
    return this.#origins.blocks;
  }

  #drop(reason: string, l1: L1BlockRef): void {
    this.logger?.warn("dropping a batch and flushing its channel", { reason, l1: l1.number });
    this.#span = null;
    this.source.flushChannel();
  }

  /** The next block of the span being streamed, judged as a singular batch; undefined when none. */
  #fromSpan(safe: L2BlockRef): SingularBatch | null | undefined {
    const span = this.#span;
    if (!span) return undefined;
    while (span.elements.length > 0) {
      const element = span.elements.shift() as SpanBatch["elements"][number];
      if (element.timestamp <= safe.timestamp) continue; // already in the safe chain
      const origin = this.#origins.blocks.find((b) => b.number === element.epochNum);
      const batch: SingularBatch = {
        parentHash: safe.hash,
        epochNum: element.epochNum,
        epochHash: origin?.hash ?? `0x${"00".repeat(32)}`,
        timestamp: element.timestamp,
        transactions: element.transactions,
      };
      const verdict = checkSingularBatch(
        this.rules,
        { safe, l1Blocks: this.#origins.blocks, inclusionBlock: span.l1 },
        batch,
      );
      if (verdict.validity === "accept") return batch;
      if (verdict.validity === "undecided") {
        span.elements.unshift(element);
        return null;
      }
      if (verdict.validity === "past") continue;
      this.#drop(`span block: ${verdict.reason}`, span.l1);
      return undefined;
    }
    this.#span = null;
    return undefined;
  }

  /** The batch for the block after `safe`, or null until more L1 data is available. */
  async nextBatch(safe: L2BlockRef): Promise<SingularBatch | null> {
    this.#origins.track(this.source.origin, safe);
    const streamed = this.#fromSpan(safe);
    if (streamed !== undefined) return streamed;
    for (;;) {
      const item = this.#pending ?? (await this.source.next());
      this.#pending = null;
      if (!item) break;
      const context = { safe, l1Blocks: this.#origins.blocks, inclusionBlock: item.l1 };
      if (item.batch.type === "singular") {
        const verdict = checkSingularBatch(this.rules, context, item.batch.batch);
        if (verdict.validity === "accept") return item.batch.batch;
        if (verdict.validity === "undecided") {
          this.#pending = item;
          return null;
        }
        if (verdict.validity === "drop") this.#drop(verdict.reason, item.l1);
        continue; // past: skip it
      }
      let span: SpanBatch;
      try {
        span = deriveSpanBatch(item.batch.batch, this.chain);
      } catch (error) {
        if (!(error instanceof BatchError)) throw error;
        this.#drop(`span batch: ${error.message}`, item.l1);
        continue;
      }
      // The prefix rules; the blocks themselves are judged one by one as they stream.
      const prefix = await checkSpanPrefix(this.rules, context, span, this.l2);
      if (!prefix.ok) {
        if (prefix.verdict.validity === "undecided") {
          this.#pending = item;
          return null;
        }
        if (prefix.verdict.validity === "drop" || prefix.verdict.validity === "future")
          this.#drop(prefix.verdict.reason, item.l1);
        continue; // past: the whole span is already in the safe chain
      }
      this.#span = { elements: [...span.elements], l1: item.l1 };
      const first = this.#fromSpan(safe);
      if (first !== undefined) return first;
    }
    return this.#origins.emptyBatch(this.rules, safe, this.source.origin, true);
  }

  reset(origin: L1BlockRef): void {
    this.#origins.reset(origin);
    this.#span = null;
    this.#pending = null;
  }
}
