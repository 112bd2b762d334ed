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
export {
  BLOB_ENCODING_VERSION,
  BLOB_ROUNDS,
  BLOB_SIZE,
  type BlobCommitment,
  BlobError,
  type BlobErrorReason,
  blobMatchesVersionedHash,
  decodeBlob,
  encodeBlob,
  kzgToVersionedHash,
  MAX_BLOB_DATA_SIZE,
  VERSIONED_HASH_VERSION_KZG,
} from "./blobs/blob.ts";
export {
  type BlockHeader,
  EMPTY_REQUESTS_HASH,
  EMPTY_ROOT_HASH,
  EMPTY_UNCLES_HASH,
  encodeHeader,
  HeaderError,
  headerFromRpc,
  headerHash,
} from "./blocks/header.ts";
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
export {
  type BlobScheduleEntry,
  blobScheduleAt,
  CANCUN_BLOB_SCHEDULE,
  ethereumMainnetL1,
  type L1BlobFork,
  type L1ChainConfig,
  l1BlobForks,
  l1ChainPresets,
  PRAGUE_BLOB_SCHEDULE,
  parseL1ChainConfig,
  sepoliaL1,
} from "./config/l1ChainConfig.ts";
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
export { keccak256, keccak256Hex, keccak256Text, loadKeccak } from "./crypto/keccak.ts";
export {
  DEPOSIT_EVENT_SIGNATURE,
  DEPOSIT_EVENT_TOPIC,
  DEPOSIT_EVENT_VERSION_0,
  type DepositReceipt,
  decodeDepositLog,
  encodeDepositLogData,
  type ReceiptLog,
  type UserDeposits,
  userDeposits,
} from "./deposits/depositLog.ts";
export {
  applyL1ToL2Alias,
  DepositError,
  type DepositTx,
  decodeDepositTx,
  depositTxHash,
  encodeDepositTx,
  undoL1ToL2Alias,
} from "./deposits/depositTx.ts";
export {
  l1InfoDepositSourceHash,
  upgradeDepositSourceHash,
  userDepositSourceHash,
} from "./deposits/sourceHash.ts";
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
  rlpExpectCount,
  rlpItemAt,
  rlpListItems,
  rlpString,
  rlpUint,
} from "./encoding/rlp.ts";
export { orderedTrieRoot } from "./encoding/trie.ts";
export {
  JWT_MAX_CLOCK_SKEW_SECONDS,
  JwtError,
  type JwtErrorReason,
  parseJwtSecret,
  signJwt,
  verifyJwt,
} from "./engine/jwt.ts";
export {
  type ExecutionPayload,
  executionPayloadFromJson,
  executionPayloadToJson,
  type ForkchoiceState,
  type PayloadAttributes,
  type PayloadContext,
  type PayloadStatus,
  type PayloadStatusValue,
  payloadAttributesFromJson,
  payloadAttributesToJson,
  payloadBlockHash,
  payloadFromHeader,
  payloadToHeader,
} from "./engine/payload.ts";
export { ConfigError, describeValue, type ErrorMeta, OutOfRangeError, SupernodeError } from "./errors.ts";
export {
  type BaseFeeRules,
  decodeExtraData,
  type Eip1559Params,
  ExtraDataError,
  type ExtraDataParams,
  eip1559BaseFee,
  eip1559ParamsFromAttributes,
  encodeHoloceneExtraData,
  encodeJovianExtraData,
  HOLOCENE_EXTRA_DATA_VERSION,
  JOVIAN_EXTRA_DATA_VERSION,
  nextBaseFee,
  type ParentForBaseFee,
} from "./fees/baseFee.ts";
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
export {
  ACCESS_LIST_CHAIN_ID_EXTENSION,
  ACCESS_LIST_CHECKSUM,
  ACCESS_LIST_LOOKUP,
  type AccessListMessage,
  accessListEntries,
  buildAccessList,
  CROSS_L2_INBOX_ADDRESS,
  declaresMessage,
  decodeExecutingMessageLog,
  decodeIdentifier,
  EXECUTING_MESSAGE_EVENT_SIGNATURE,
  EXECUTING_MESSAGE_TOPIC,
  type ExecutingMessage,
  encodeIdentifier,
  executingMessageLog,
  type Identifier,
  L2_TO_L2_CROSS_DOMAIN_MESSENGER_ADDRESS,
  type Log,
  logHash,
  logHashOfLog,
  MessageError,
  messageChecksum,
  messagePayload,
  parseAccessList,
  payloadHash,
} from "./interop/messages.ts";
export {
  type BlobFeeContext,
  blobBaseFee,
  blobBaseFeeUpdateFraction,
  fakeExponential,
} from "./l1info/blobBaseFee.ts";
export {
  DEFAULT_DA_FOOTPRINT_GAS_SCALAR,
  decodeL1BlockInfo,
  ecotoneScalars,
  encodeL1BlockInfo,
  L1_BLOCK_PREDEPLOY,
  L1_INFO_DEPOSITOR,
  L1_INFO_LENGTHS,
  L1_INFO_SELECTORS,
  type L1BlockInfo,
  L1InfoError,
  type L1InfoFormat,
  type L1Origin,
  l1BlockInfo,
  l1BlockInfoFromTransaction,
  l1InfoDepositTx,
  l1InfoFormatAt,
} from "./l1info/l1BlockInfo.ts";
export { type LogFields, type Logger, silentLogger } from "./logger.ts";
export { decodeOutputV0, encodeOutputV0, OutputRootError, outputRootV0 } from "./roots/outputRoot.ts";
export {
  decodeSuperV1,
  encodeSuperV1,
  SUPER_ROOT_VERSION_V1,
  SuperRootError,
  type SuperRootErrorReason,
  superRootV1,
  superV1,
} from "./roots/superRoot.ts";
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
  syncStatusJsonWriter,
  syncStatusToJson,
} from "./types/syncStatus.ts";
export {
  createAddress,
  EIP2935_DEPLOYMENT,
  EIP4788_DEPLOYMENT,
  type UpgradeFork,
  upgradeDeposits,
  upgradeForks,
  upgradeIntents,
  upgradeTransactions,
} from "./upgrades/upgradeTransactions.ts";
export { loadProtocolWasm } from "./wasm.ts";
