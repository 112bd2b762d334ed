// The one place that knows the order of the stages (kona pipeline/builder.rs; op-node
// NewDerivationPipeline): traversal → retrieval → frame queue → channel bank | assembler →
// channel reader → batch queue | stage, with the attributes builder on top. The pipeline starts
// reset to `start` (a sync-start point: the driver finds it, see reference/derivation.md §1.12).
import { ForkSchedule, type L1ChainConfig, type Logger, type RollupConfig } from "@supernode/protocol";
import type { BatchRules } from "../batches/singularBatchValidity.ts";
import type { EpochSource } from "../stages/attributesBuilder.ts";
import { BatchMux } from "../stages/batchMux.ts";
import { ChannelMux } from "../stages/channelMux.ts";
import { ChannelReader } from "../stages/channelReader.ts";
import { FrameQueue } from "../stages/frameQueue.ts";
import { type BlobSource, L1Retrieval, type L1TransactionSource } from "../stages/l1Retrieval.ts";
import { type L1BlockSource, L1Traversal } from "../stages/l1Traversal.ts";
import { DerivationPipeline, type L2ChainSource, type ResetTarget } from "./pipeline.ts";

/** The ports the pipeline reads through: L1 blocks, receipts and transactions; blobs; L2 blocks. */
export interface PipelinePorts {
  readonly l1: L1BlockSource & L1TransactionSource & EpochSource;
  readonly blobs: BlobSource;
  readonly l2: L2ChainSource;
}

export interface PipelineOptions {
  readonly rollup: RollupConfig;
  /** The L1 chain's blob schedule (the blob base fee of the L1-info deposit). */
  readonly l1Chain: L1ChainConfig;
  readonly ports: PipelinePorts;
  /** Where derivation starts (the pipeline is reset to it). */
  readonly start: ResetTarget;
  readonly logger?: Logger;
}

export function buildPipeline(options: PipelineOptions): DerivationPipeline {
  const { rollup, l1Chain, ports, start, logger } = options;
  const forks = new ForkSchedule(rollup);
  const traversal = new L1Traversal(
    ports.l1,
    { forks, systemConfigAddress: rollup.l1SystemConfigAddress },
    start.l1Origin,
    start.systemConfig,
  );
  const retrieval = new L1Retrieval(
    traversal,
    { forks, batchInboxAddress: rollup.batchInboxAddress },
    ports.l1,
    ports.blobs,
    logger,
  );
  const frames = new FrameQueue(retrieval, forks, logger);
  const channels = new ChannelMux(frames, { forks, channelTimeout: rollup.channelTimeout }, logger);
  const reader = new ChannelReader(channels, forks, logger);
  const rules: BatchRules = {
    forks,
    blockTime: rollup.blockTime,
    seqWindowSize: rollup.seqWindowSize,
    maxSequencerDrift: rollup.maxSequencerDrift,
  };
  const chain = {
    genesisTimestamp: rollup.genesis.l2Time,
    blockTime: rollup.blockTime,
    chainId: rollup.l2ChainId,
  };
  const batches = new BatchMux(reader, rules, chain, ports.l2, logger);
  const pipeline = new DerivationPipeline(
    { traversal, retrieval, frames, channels, reader, batches },
    {
      forks,
      attributes: {
        forks,
        blockTime: rollup.blockTime,
        depositContractAddress: rollup.depositContractAddress,
        systemConfigAddress: rollup.l1SystemConfigAddress,
        blobFees: { l1: l1Chain, pectraBlobScheduleTime: rollup.pectraBlobScheduleTime },
      },
    },
    ports.l1,
    ports.l2,
    logger,
  );
  pipeline.reset(start);
  return pipeline;
}
