// @supernode/protocol: pure OP Stack protocol code, edge-ready (Web-standard APIs only).

export {
  type BatchData,
  decodeBatchData,
  encodeBatchData,
  SINGULAR_BATCH_TYPE,
  SPAN_BATCH_TYPE,
} from "./batches/batchData.ts";
export { BatchError, type BatchErrorReason } from "./batches/batchError.ts";
export { type ReadBatches, readBatches } from "./batches/batchReader.ts";
export { BitList } from "./batches/bitlist.ts";
export { MAX_SPAN_BATCH_ELEMENT_COUNT } from "./batches/limits.ts";
export { decodeSingularBatch, encodeSingularBatch, type SingularBatch } from "./batches/singularBatch.ts";
export {
  buildRawSpanBatch,
  decodeRawSpanBatch,
  deriveSpanBatch,
  encodeRawSpanBatch,
  type RawSpanBatch,
  type RawSpanTransaction,
  type SpanBatch,
  type SpanBatchBlock,
  type SpanBatchChainParams,
  type SpanBatchElement,
  spanBatchL1Origins,
} from "./batches/spanBatch.ts";
export { Channel, ChannelFrameError, type ChannelFrameRejection } from "./channels/channel.ts";
export { type AddResult, ChannelOut, type ChannelOutOptions } from "./channels/channelOut.ts";
export { type ChannelContents, readChannel } from "./channels/channelReader.ts";
export {
  BrotliError,
  type BrotliErrorReason,
  type BrotliResult,
  brotliCompress,
  brotliDecompress,
} from "./compression/brotli.ts";
export {
  CHANNEL_VERSION_BROTLI,
  type ChannelCompression,
  ChannelFormatError,
  type ChannelFormatReason,
  compressChannel,
  type DecompressedChannel,
  type DecompressOptions,
  decompressChannel,
  detectCompression,
  loadBrotli,
  MAX_RLP_BYTES_PER_CHANNEL_BEDROCK,
  MAX_RLP_BYTES_PER_CHANNEL_FJORD,
  maxRlpBytesPerChannel,
  type NativeDecompressors,
  type NativeResult,
} from "./compression/channelCompression.ts";
export {
  adler32,
  InflateError,
  type InflateErrorReason,
  type InflateResult,
  inflateRaw,
  inflateZlib,
} from "./compression/inflate.ts";
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
export { networkPresets, opMainnet, opSepolia, presetByChainId, unichainSepolia } from "./config/presets.ts";
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
export { keccak256, keccak256Hex } from "./crypto/keccak.ts";
export {
  ByteReader,
  bigIntToFixedBytes,
  bigIntToMinimalBytes,
  bytesEqual,
  bytesToBigInt,
  bytesToHex,
  concatBytes,
  encodeUvarint,
  hexToBytes,
  InvalidHexError,
  UnexpectedEndError,
  UvarintOverflowError,
} from "./encoding/bytes.ts";
export {
  RlpError,
  type RlpErrorReason,
  type RlpItem,
  rlpDecodeList,
  rlpEncodeList,
  rlpEncodeString,
  rlpEncodeUint,
  rlpItemAt,
  rlpListItems,
  rlpString,
  rlpUint,
} from "./encoding/rlp.ts";
export { ConfigError, describeValue, type ErrorMeta, OutOfRangeError, SupernodeError } from "./errors.ts";
export {
  CHANNEL_ID_LENGTH,
  channelIdHex,
  DERIVATION_VERSION_0,
  encodeBatcherData,
  encodeFrame,
  FRAME_OVERHEAD_BYTES,
  type Frame,
  FrameError,
  type FrameErrorReason,
  framesOfChannel,
  MAX_FRAME_DATA_LENGTH,
  parseFrames,
} from "./frames/frame.ts";
export { type LogFields, type Logger, silentLogger } from "./logger.ts";
export {
  ACCESS_LIST_TX_TYPE,
  BLOB_TX_TYPE,
  buildTransaction,
  DEPOSIT_TX_TYPE,
  DYNAMIC_FEE_TX_TYPE,
  LEGACY_TX_TYPE,
  SET_CODE_TX_TYPE,
  type SpanTransaction,
  type SpanTxType,
  toSpanTransaction,
  transactionType,
  txDataType,
} from "./transactions/spanTransaction.ts";
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
