// The Holocene batch stage (specs holocene/derivation.md; op-node batch_stage.go,
// base_batch_stage.go; kona stages/batch/batch_stream.rs, batch_validator.rs): no buffering and
// no reordering. Each batch is judged as it arrives: a future one is dropped, one at or before the
// safe head is skipped (`past`), and a dropped batch drops the rest of its span batch and flushes
// the rest of its channel. A span batch passes its prefix checks and then streams its blocks after
// the safe head as singular batches, each judged by the singular rules. While the stages below
// are at or behind the safe head's epoch their batches can only be past: they are read and
// skipped. Empty batches at window expiry as before.
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
import { DerivationError } from "../errors.ts";
import type { BatchSource } from "./batchQueue.ts";

/** What the batch stage reads from: the channel reader, which it can tell to flush a channel. */
export interface FlushableBatchSource extends BatchSource {
  flushChannel(): void;
}

/**
 * A batch was read and judged but none is ready: call again without new L1 data (op-node's
 * NotEnoughData). Holocene judges one batch a call, as op-node does.
 */
export const NOT_ENOUGH_DATA = "not-enough-data";
export type NotEnoughData = typeof NOT_ENOUGH_DATA;

const STAGE = "batch-stage";
type SpanElement = SpanBatch["elements"][number];

export class BatchStage {
  readonly #origins = new L1Origins(STAGE);
  /** The blocks of the span being streamed, and the L1 block that carried it. */
  #span: { elements: SpanElement[]; l1: L1BlockRef } | null = null;

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

  /** Every block is its own conclusion from Holocene: it becomes (local) safe at once. */
  get concluding(): boolean {
    return true;
  }

  /**
   * The engine replaced the last block with its deposits only (Holocene): the rest of its span
   * batch and its channel are dropped (specs holocene/derivation.md "Engine Queue").
   */
  flushChannel(): void {
    this.logger?.warn("flushing the channel after a deposits-only block");
    this.#span = null;
    this.source.flushChannel();
  }

  #drop(reason: string, l1: L1BlockRef): NotEnoughData {
    this.logger?.warn("dropping a batch and flushing its channel", { reason, l1: l1.number });
    this.#span = null;
    this.source.flushChannel();
    return NOT_ENOUGH_DATA;
  }

  /** The next block of the span being streamed, or null when none is left for this safe head. */
  #nextFromSpan(safe: L2BlockRef): { batch: SingularBatch; l1: L1BlockRef } | null {
    const span = this.#span;
    if (!span) return null;
    const element = span.elements[0];
    if (!element || element.timestamp !== safe.timestamp + this.rules.blockTime) {
      if (element) this.logger?.warn("the safe head left the span: dropping its remaining blocks");
      this.#span = null;
      return null;
    }
    span.elements.shift();
    if (span.elements.length === 0) this.#span = null;
    const origin = this.#origins.blocks.find((b) => b.number === element.epochNum) as L1BlockRef;
    return {
      batch: {
        parentHash: safe.hash,
        epochNum: element.epochNum,
        epochHash: origin.hash,
        timestamp: element.timestamp,
        transactions: element.transactions,
      },
      l1: span.l1,
    };
  }

  /** Judges a span batch's prefix; when it passes, its blocks after the safe head start streaming. */
  async #startSpan(
    span: SpanBatch,
    l1: L1BlockRef,
    safe: L2BlockRef,
  ): Promise<{ batch: SingularBatch; l1: L1BlockRef } | NotEnoughData> {
    const context = { safe, l1Blocks: this.#origins.blocks, inclusionBlock: l1 };
    const prefix = await checkSpanPrefix(this.rules, context, span, this.l2);
    if (!prefix.ok) {
      const { validity, reason } = prefix.verdict;
      if (validity === "drop" || validity === "future") return this.#drop(reason, l1);
      // past: already in the safe chain; undecided: consumed and skipped, as op-node does.
      this.logger?.warn(`skipping a ${validity} span batch`, { reason, l1: l1.number });
      return NOT_ENOUGH_DATA;
    }
    const elements = span.elements.filter((e) => e.timestamp > safe.timestamp);
    // op-node extracts every block up front: one whose L1 origin is not buffered drops the span.
    if (elements.some((e) => !this.#origins.blocks.some((b) => b.number === e.epochNum)))
      return this.#drop("a span block's L1 origin is not buffered", l1);
    this.#span = { elements, l1 };
    return this.#nextFromSpan(safe) ?? NOT_ENOUGH_DATA;
  }

  /**
   * The batch for the block after `safe`; null when the stages below are out of data (advance
   * L1); NOT_ENOUGH_DATA when a batch was consumed without a result (call again).
   */
  async nextBatch(safe: L2BlockRef): Promise<SingularBatch | null | NotEnoughData> {
    this.#origins.update(this.source.origin, safe);
    const below = this.source.origin;
    if (this.#origins.behind(below, safe) || (below !== null && below.number === safe.l1origin.number)) {
      // A channel from the safe head's epoch or before can only hold past batches.
      while ((await this.source.next()) !== null) {}
      return null;
    }
    if (this.#origins.blocks.length < 2) {
      throw new DerivationError(
        "critical",
        STAGE,
        `only ${this.#origins.blocks.length} L1 origin(s) buffered at origin ${below?.number}: derivation did not start at a safe head`,
      );
    }
    this.#origins.checkEpoch(safe);
    let candidate = this.#nextFromSpan(safe);
    if (!candidate) {
      const item = await this.source.next();
      if (!item) return this.#origins.emptyBatch(this.rules, safe, true);
      if (item.batch.type === "singular") {
        candidate = { batch: item.batch.batch, l1: item.l1 };
      } else {
        let span: SpanBatch;
        try {
          span = deriveSpanBatch(item.batch.batch, this.chain);
        } catch (error) {
          if (!(error instanceof BatchError)) throw error;
          return this.#drop(`span batch: ${error.message}`, item.l1);
        }
        const started = await this.#startSpan(span, item.l1, safe);
        if (started === NOT_ENOUGH_DATA) return started;
        candidate = started;
      }
    }
    const { batch, l1 } = candidate;
    const verdict = checkSingularBatch(
      this.rules,
      { safe, l1Blocks: this.#origins.blocks, inclusionBlock: l1 },
      batch,
    );
    switch (verdict.validity) {
      case "accept":
        return batch;
      case "drop":
        return this.#drop(verdict.reason, l1);
      case "future":
        throw new DerivationError("critical", STAGE, `a future batch from Holocene: ${verdict.reason}`);
      default:
        // past: skipped; undecided (not reachable with two origins buffered): consumed.
        this.logger?.warn(`skipping a ${verdict.validity} batch`, { reason: verdict.reason, l1: l1.number });
        return NOT_ENOUGH_DATA;
    }
  }

  reset(origin: L1BlockRef): void {
    this.#origins.reset(origin);
    this.#span = null;
  }

  /** Holocene activation: the pre-Holocene queue's L1 origins carry over (its batches do not). */
  adoptOrigins(origins: L1Origins): void {
    this.#origins.adopt(origins);
    this.#span = null;
  }
}
