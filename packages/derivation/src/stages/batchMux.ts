// The batch stage switch (op-node batch_mux.go; kona stages/batch/batch_provider.rs): the batch
// queue before Holocene, the batch stage from it. A reset picks the stage by the reset origin's
// time; at the Holocene transform the queue's buffered batches and span are dropped, but its L1
// origins carry over, since the first Holocene channel holds batches judged against them.
import type {
  L1BlockRef,
  L2BlockRef,
  Logger,
  SingularBatch,
  SpanBatchChainParams,
} from "@supernode/protocol";
import type { BatchRules } from "../batches/singularBatchValidity.ts";
import type { SafeChainSource } from "../batches/spanBatchValidity.ts";
import { BatchQueue } from "./batchQueue.ts";
import { BatchStage, type FlushableBatchSource, type NotEnoughData } from "./batchStage.ts";

export class BatchMux {
  #active: BatchQueue | BatchStage;

  constructor(
    private readonly source: FlushableBatchSource,
    private readonly rules: BatchRules,
    private readonly chain: SpanBatchChainParams,
    private readonly l2: SafeChainSource,
    private readonly logger?: Logger,
  ) {
    this.#active = this.#queue();
  }

  #queue(): BatchQueue {
    return new BatchQueue(this.source, this.rules, this.chain, this.l2, this.logger);
  }

  #stage(): BatchStage {
    return new BatchStage(this.source, this.rules, this.chain, this.l2, this.logger);
  }

  get stage(): "batch-queue" | "batch-stage" {
    return this.#active instanceof BatchQueue ? "batch-queue" : "batch-stage";
  }

  get origin(): L1BlockRef | null {
    return this.source.origin;
  }

  get l1Blocks(): readonly L1BlockRef[] {
    return this.#active.l1Blocks;
  }

  /** Whether the last batch handed out ended its span (a singular batch always does). */
  get concluding(): boolean {
    return this.#active.concluding;
  }

  /** After a deposits-only replacement (Holocene): drop the rest of the span and its channel. */
  flushChannel(): void {
    if (this.#active instanceof BatchStage) this.#active.flushChannel();
  }

  nextBatch(safe: L2BlockRef): Promise<SingularBatch | null | NotEnoughData> {
    return this.#active.nextBatch(safe);
  }

  reset(base: L1BlockRef): void {
    const holocene = this.rules.forks.isHolocene(base.timestamp);
    if (holocene && this.#active instanceof BatchQueue) {
      this.logger?.info("activating the Holocene batch stage at reset", { origin: base.number });
      this.#active = this.#stage();
    } else if (!holocene && this.#active instanceof BatchStage) {
      this.logger?.info("activating the pre-Holocene batch queue at reset", { origin: base.number });
      this.#active = this.#queue();
    }
    this.#active.reset(base);
  }

  /** The L1 origin crossed Holocene: the batch stage takes over the queue's L1 origins. */
  transformHolocene(): void {
    const queue = this.#active;
    if (!(queue instanceof BatchQueue)) return;
    this.logger?.info("Holocene: the batch stage replaces the batch queue");
    const stage = this.#stage();
    stage.adoptOrigins(queue.origins);
    this.#active = stage;
  }
}
