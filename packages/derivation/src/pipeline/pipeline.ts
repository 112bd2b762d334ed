// The derivation pipeline (specs "L2 Chain Derivation Pipeline"; op-node pipeline.go,
// attributes_queue.go; kona pipeline/core.rs): one `step()` at a time, the innermost stage pulls
// through the others. A step hands out the payload attributes of the block after the safe head,
// or advances the L1 origin when every stage is out of data, or says there is no next L1 block
// yet. When the origin first crosses Holocene the channel and batch stages are swapped for their
// Holocene forms; a reset picks them by the reset origin's time.
import type {
  BlockID,
  ForkSchedule,
  Hash,
  L1BlockRef,
  L2BlockRef,
  Logger,
  PayloadAttributes,
  SystemConfig,
} from "@supernode/protocol";
import type { SafeChainSource } from "../batches/spanBatchValidity.ts";
import { DerivationError } from "../errors.ts";
import { type AttributesConfig, buildAttributes, type EpochSource } from "../stages/attributesBuilder.ts";
import type { BatchMux } from "../stages/batchMux.ts";
import { NOT_ENOUGH_DATA } from "../stages/batchStage.ts";
import type { ChannelMux } from "../stages/channelMux.ts";
import type { ChannelReader } from "../stages/channelReader.ts";
import type { FrameQueue } from "../stages/frameQueue.ts";
import type { L1Retrieval } from "../stages/l1Retrieval.ts";
import type { L1Traversal } from "../stages/l1Traversal.ts";

/** The L2 port beyond the safe-chain reads: the system config a block implies. */
export interface L2ChainSource extends SafeChainSource {
  /** The system config as of the L2 block (op-node SystemConfigByL2Hash). */
  systemConfigByHash(hash: Hash): Promise<SystemConfig>;
}

/** The attributes of the block after `parent`, and where they came from. */
export interface DerivedAttributes {
  readonly attributes: PayloadAttributes;
  readonly parent: L2BlockRef;
  readonly epoch: BlockID;
  /** The pipeline's L1 origin when the batch was complete (recorded in the SafeDB). */
  readonly derivedFrom: L1BlockRef;
  /** The last block of its batch: the safe head may be updated after it (op-node Concluding). */
  readonly concluding: boolean;
  /** The system config as of the new block. */
  readonly systemConfig: SystemConfig;
}

export type StepResult =
  | { readonly kind: "attributes"; readonly derived: DerivedAttributes }
  /** Every stage was out of data and the origin moved one L1 block; `activated` names a fork switch. */
  | { readonly kind: "origin-advanced"; readonly origin: L1BlockRef; readonly activated?: "holocene" }
  /** The next L1 block is not there yet: step again once the L1 head moves. */
  | { readonly kind: "eof"; readonly origin: L1BlockRef }
  /** A batch was consumed without a result: step again at once. */
  | { readonly kind: "not-enough-data" };

export interface PipelineStages {
  readonly traversal: L1Traversal;
  readonly retrieval: L1Retrieval;
  readonly frames: FrameQueue;
  readonly channels: ChannelMux;
  readonly reader: ChannelReader;
  readonly batches: BatchMux;
}

export interface PipelineSettings {
  readonly forks: ForkSchedule;
  readonly attributes: AttributesConfig;
}

export interface ResetTarget {
  /** Where the traversal restarts: at or before the safe head's L1 origin (sync start). */
  readonly l1Origin: L1BlockRef;
  readonly l2SafeHead: L2BlockRef;
  /** The system config as of `l1Origin` (batcher authentication starts from it). */
  readonly systemConfig: SystemConfig;
}

export class DerivationPipeline {
  /** The system config of the last L2 block seen, keyed by its hash (op-node reads it per block). */
  #config: { hash: Hash; config: SystemConfig } | null = null;
  /** The block the last attributes will make: its config is known before its hash is. */
  #building: { parentHash: Hash; timestamp: number; config: SystemConfig } | null = null;

  constructor(
    private readonly stages: PipelineStages,
    private readonly settings: PipelineSettings,
    private readonly epochs: EpochSource,
    private readonly l2: L2ChainSource,
    private readonly logger?: Logger,
  ) {}

  /** The pipeline's L1 origin: every L2 block derived so far came from L1 up to this block. */
  get origin(): L1BlockRef {
    return this.stages.traversal.origin;
  }

  /** Each stage's L1 origin (they move together: a stage's origin is the one below it). */
  get stageOrigins(): Readonly<Record<keyof PipelineStages, L1BlockRef | null>> {
    const { traversal, retrieval, frames, channels, reader, batches } = this.stages;
    return {
      traversal: traversal.origin,
      retrieval: retrieval.origin,
      frames: frames.origin,
      channels: channels.origin,
      reader: reader.origin,
      batches: batches.origin,
    };
  }

  /** Frames, channels and batches read since the pipeline was built (monotonic, for metrics). */
  get counts(): { readonly frames: number; readonly channels: number; readonly batches: number } {
    const { frames, reader } = this.stages;
    return { frames: frames.framesRead, channels: reader.channelsRead, batches: reader.batchesRead };
  }

  /** Which channel and batch stages are active. */
  get activeStages(): { channels: ChannelMux["stage"]; batches: BatchMux["stage"] } {
    return { channels: this.stages.channels.stage, batches: this.stages.batches.stage };
  }

  /**
   * The engine replaced the last derived block with its deposits only (Holocene): the rest of its
   * span batch and channel are flushed, and the config carried for that block is dropped (the
   * replacement is read back from L2).
   */
  flushChannel(): void {
    this.stages.batches.flushChannel();
    this.#building = null;
  }

  reset(target: ResetTarget): void {
    const { l1Origin, l2SafeHead, systemConfig } = target;
    if (l1Origin.number > l2SafeHead.l1origin.number) {
      throw new DerivationError(
        "critical",
        "pipeline",
        `reset origin ${l1Origin.number} is past the safe head's L1 origin ${l2SafeHead.l1origin.number}: its batches would be skipped`,
      );
    }
    const { traversal, retrieval, frames, channels, reader, batches } = this.stages;
    traversal.reset(l1Origin, systemConfig);
    retrieval.reset();
    frames.reset();
    channels.reset(l1Origin);
    reader.reset();
    batches.reset(l1Origin);
    this.#config = null;
    this.#building = null;
    this.logger?.info("derivation pipeline reset", {
      l1: l1Origin.number,
      safe: l2SafeHead.number,
      stages: `${channels.stage}, ${batches.stage}`,
    });
  }

  async #systemConfigOf(safe: L2BlockRef): Promise<SystemConfig> {
    if (this.#config?.hash === safe.hash) return this.#config.config;
    const building = this.#building;
    let config: SystemConfig;
    if (building && building.parentHash === safe.parentHash && building.timestamp === safe.timestamp) {
      config = building.config;
    } else {
      try {
        config = await this.l2.systemConfigByHash(safe.hash);
      } catch (error) {
        throw new DerivationError(
          "temporary",
          "pipeline",
          `system config of L2 block ${safe.number}: ${(error as Error).message}`,
          { cause: error },
        );
      }
    }
    this.#config = { hash: safe.hash, config };
    return config;
  }

  /** One unit of work on top of `safe` (the L2 safe head: the parent of the next block). */
  async step(safe: L2BlockRef): Promise<StepResult> {
    const { traversal, batches, channels } = this.stages;
    const batch = await batches.nextBatch(safe);
    if (batch === NOT_ENOUGH_DATA) return { kind: "not-enough-data" };
    if (batch) {
      const epoch = { number: batch.epochNum, hash: batch.epochHash };
      const parentConfig = await this.#systemConfigOf(safe);
      const built = await buildAttributes(
        this.settings.attributes,
        this.epochs,
        safe,
        epoch,
        parentConfig,
        batch.transactions,
      );
      this.#building = { parentHash: safe.hash, timestamp: batch.timestamp, config: built.systemConfig };
      return {
        kind: "attributes",
        derived: {
          attributes: built.attributes,
          parent: safe,
          epoch,
          derivedFrom: traversal.origin,
          concluding: batches.concluding,
          systemConfig: built.systemConfig,
        },
      };
    }
    const previous = traversal.origin;
    if ((await traversal.advance()) === "eof") return { kind: "eof", origin: previous };
    const origin = traversal.origin;
    const { forks } = this.settings;
    if (!forks.isHolocene(previous.timestamp) && forks.isHolocene(origin.timestamp)) {
      this.logger?.info("Holocene activates at this L1 origin: switching the channel and batch stages", {
        l1: origin.number,
      });
      channels.transformHolocene();
      batches.transformHolocene();
      return { kind: "origin-advanced", origin, activated: "holocene" };
    }
    return { kind: "origin-advanced", origin };
  }
}
