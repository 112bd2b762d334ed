// @supernode/protocol: pure OP Stack protocol code, edge-ready (Web-standard APIs only).

export { blockNumberToTimestamp, timestampToBlockNumber } from "./config/blockTime.ts";
export {
  type DependencySet,
  type DependencySetJson,
  hasChain,
  MAX_DEPENDENCY_SET_CHAINS,
  MESSAGE_EXPIRY_WINDOW_SECONDS,
  parseDependencySet,
  serializeDependencySet,
} from "./config/dependencySet.ts";
export { type Fork, ForkSchedule, forkOrder } from "./config/forks.ts";
export { networkPresets, opSepolia, presetByChainId, unichainSepolia } from "./config/presets.ts";
export {
  type AltDaConfig,
  type ChainOpConfig,
  GRANITE_CHANNEL_TIMEOUT,
  type HardforkTimes,
  parseRollupConfig,
  type RollupConfig,
  type RollupConfigJson,
  type SystemConfig,
  serializeRollupConfig,
  unknownRollupConfigKeys,
} from "./config/rollupConfig.ts";
export { configErrorFromIssues, parseConfig } from "./config/schemaErrors.ts";
export { ConfigError, describeValue, type ErrorMeta, OutOfRangeError, SupernodeError } from "./errors.ts";
export { type LogFields, type Logger, silentLogger } from "./logger.ts";
export {
  type BlockID,
  blockId,
  blockIdSchema,
  blockLabel,
  type L1BlockRef,
  type L2BlockRef,
  l1BlockRefSchema,
  l2BlockRefSchema,
  zeroHash,
  zeroL1BlockRef,
  zeroL2BlockRef,
} from "./types/blocks.ts";
export {
  type ChainOutput,
  type OptimisticOutputJson,
  type OutputV0,
  type SuperNodeSyncStatusJson,
  type SuperRootAtTimestampJson,
  type SuperV1,
  type SuperV1Json,
  superV1ToJson,
} from "./types/output.ts";
export {
  type Address,
  addressSchema,
  bigUintSchema,
  bigUintToJson,
  bytes8Schema,
  bytes32Schema,
  fixedHexSchema,
  type Hash,
  type Hex,
  hashSchema,
  hexSchema,
  isHex,
  uintSchema,
} from "./types/primitives.ts";
export {
  type SyncStatus,
  type SyncStatusJson,
  syncStatusFromJson,
  syncStatusJsonSchema,
  syncStatusToJson,
} from "./types/syncStatus.ts";
