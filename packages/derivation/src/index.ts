// @supernode/derivation: the derivation pipeline, stage by stage (see README.md).

export { type EmptyBatchContext, type EmptyBatchStep, nextEmptyBatch } from "./batches/emptyBatch.ts";
export { L1Origins } from "./batches/l1Origins.ts";
export {
  type BatchContext,
  type BatchRules,
  type BatchValidity,
  checkSingularBatch,
  FJORD_MAX_SEQUENCER_DRIFT,
  maxSequencerDrift,
  type Verdict,
} from "./batches/singularBatchValidity.ts";
export {
  checkSpanBatch,
  checkSpanPrefix,
  type SafeChainSource,
  type SpanPrefix,
} from "./batches/spanBatchValidity.ts";
export { DerivationError, type DerivationErrorKind } from "./errors.ts";
export {
  Driver,
  type DriverEvent,
  type DriverOptions,
  type DriverStep,
  type SafeHeadRecorder,
} from "./node/driver.ts";
export {
  countingLogger,
  createVirtualNodeMetrics,
  observeDriverEvent,
  observeHeads,
  resetCauseLabel,
  type VirtualNodeMetrics,
} from "./node/metrics.ts";
export type {
  AppliedBlock,
  EngineHeads,
  L1Label,
  NodeEngine,
  NodeL1,
  SafetyAuthority,
} from "./node/ports.ts";
export { findSyncStart, type SyncStart } from "./node/syncStart.ts";
export {
  NodeRpcError,
  type RpcHandler,
  type SafeHeadLookup,
  VirtualNode,
  type VirtualNodeOptions,
} from "./node/virtualNode.ts";
export { buildPipeline, type PipelineOptions, type PipelinePorts } from "./pipeline/buildPipeline.ts";
export {
  DerivationPipeline,
  type DerivedAttributes,
  type L2ChainSource,
  type PipelineSettings,
  type PipelineStages,
  type ResetTarget,
  type StepResult,
} from "./pipeline/pipeline.ts";
export {
  SafeDB,
  type SafeDBGap,
  type SafeDBLookup,
  type SafeDBOptions,
  type SafeDBRecordOutcome,
  type SafeDBResetOutcome,
  type SafeHeadEntry,
  safeDBPath,
} from "./safedb/safeDB.ts";
export { SafeDBError, type SafeDBErrorKind } from "./safedb/safeDBError.ts";
export {
  type AttributesConfig,
  type BuiltAttributes,
  buildAttributes,
  type EpochSource,
  type L1Header,
  SEQUENCER_FEE_VAULT,
} from "./stages/attributesBuilder.ts";
export { BatchMux } from "./stages/batchMux.ts";
export { BatchQueue, type BatchSource } from "./stages/batchQueue.ts";
export {
  BatchStage,
  type FlushableBatchSource,
  NOT_ENOUGH_DATA,
  type NotEnoughData,
} from "./stages/batchStage.ts";
export { ChannelAssembler, type ChannelAssemblerConfig } from "./stages/channelAssembler.ts";
export {
  ChannelBank,
  type ChannelBankConfig,
  channelTimeout,
  type FrameSource,
  GRANITE_CHANNEL_TIMEOUT,
  maxChannelBankSize,
  type ReadyChannel,
} from "./stages/channelBank.ts";
export { ChannelMux } from "./stages/channelMux.ts";
export { ChannelReader, type ChannelSource, type ReadBatch } from "./stages/channelReader.ts";
export { type DataItemSource, FrameQueue, pruneHolocene, type QueuedFrame } from "./stages/frameQueue.ts";
export {
  type BlobRequest,
  type BlobSource,
  batcherData,
  type L1OriginProvider,
  L1Retrieval,
  type L1RetrievalConfig,
  type L1TransactionSource,
} from "./stages/l1Retrieval.ts";
export {
  type AdvanceResult,
  type L1BlockSource,
  L1Traversal,
  type L1TraversalConfig,
} from "./stages/l1Traversal.ts";
export {
  applyConfigUpdate,
  applySystemConfigUpdates,
  CONFIG_UPDATE_TOPIC,
  CONFIG_UPDATE_TYPES,
  ConfigUpdateError,
  DEFAULT_DA_FOOTPRINT_GAS_SCALAR,
  isValidEcotoneScalar,
  type SystemConfigUpdates,
} from "./systemConfig/configUpdate.ts";
