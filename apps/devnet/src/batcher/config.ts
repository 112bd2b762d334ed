// The batcher's options, their defaults, and the checks that turn a bad option into a ConfigError
// naming it (at construction, never at the first step).
import {
  type Address,
  type ChannelCompression,
  ConfigError,
  ForkSchedule,
  FRAME_OVERHEAD_BYTES,
  type Hex,
  type Logger,
  MAX_BLOB_DATA_SIZE,
  MAX_FRAME_DATA_LENGTH,
  type RollupConfig,
  silentLogger,
} from "@supernode/protocol";
import type { L2BlockSource } from "./blockSource.ts";
import type { BatchType } from "./channelBuilder.ts";
import { type ChannelPolicy, defaultChannelPolicy } from "./channelPolicy.ts";
import type { DataMode } from "./txData.ts";

export interface BatcherOptions {
  /** The L1 node's JSON-RPC (anvil in the devnet). */
  readonly l1Url: string;
  /** The L2 execution engine's JSON-RPC (unsafe blocks with full transactions). Or `l2Source`. */
  readonly l2Url?: string;
  /** The engine's JWT secret: the devnet engine answers eth_* reads only with a token. */
  readonly l2JwtSecret?: Uint8Array;
  /** Reads L2 blocks some other way (an in-process engine, a test chain) instead of `l2Url`. */
  readonly l2Source?: L2BlockSource;
  /** The batcher's private key; derivation reads only its system config's batcher address. */
  readonly batcherKey: Hex;
  /** Where batcher transactions go (default: the rollup config's batch inbox). */
  readonly inbox?: Address;
  /** Chain id, genesis, block time, channel timeout, sequencing window and forks. */
  readonly rollup: RollupConfig;
  /** Blob transactions (default) or calldata. */
  readonly dataMode?: DataMode;
  /** Channel compression (default brotli; brotli needs Fjord). */
  readonly compression?: ChannelCompression;
  /** zlib 0–9 (default 9) or brotli 0–11 (default 10, op-batcher's brotli-10). */
  readonly compressionLevel?: number;
  /** Span batches (default; need Delta) or one singular batch per block. */
  readonly batchType?: BatchType;
  /** Largest encoded frame (default: a full blob's 130,043 bytes, or 119,999 bytes of calldata). */
  readonly maxFrameSize?: number;
  /** Blobs per transaction, 1–6 (default 6). */
  readonly maxBlobsPerTx?: number;
  /** Frames a channel aims to fill (default: `maxBlobsPerTx` with blobs, 1 with calldata). */
  readonly targetFrames?: number;
  /** When open channels close (defaults: 100 blocks, 4 L1 blocks, 4 blocks of margin, not every step). */
  readonly channel?: Partial<ChannelPolicy>;
  /** Sent transactions not yet in a block before the batcher stops sending (default 16). */
  readonly maxPendingTransactions?: number;
  /** L1 blocks a transaction may wait in the pool before it is sent again with doubled fees (default 10). */
  readonly resubmitAfterL1Blocks?: number;
  /** L1 blocks above a channel's last transaction before it is no longer watched for reorgs (default 64). */
  readonly settleDepth?: number;
  /** The last L2 block already batched: batching starts after it (default: the L2 genesis). */
  readonly startAfter?: number;
  readonly logger?: Logger;
  /** Makes channel ids (default: 16 random bytes). */
  readonly channelId?: () => Uint8Array;
}

export interface BatcherConfig {
  readonly l1Url: string;
  readonly l2: L2BlockSource | { readonly url: string; readonly jwtSecret?: Uint8Array };
  readonly batcherKey: Hex;
  readonly inbox: Address;
  readonly rollup: RollupConfig;
  readonly forks: ForkSchedule;
  readonly dataMode: DataMode;
  readonly compression: ChannelCompression;
  readonly compressionLevel: number;
  readonly batchType: BatchType;
  readonly maxFrameSize: number;
  readonly maxBlobsPerTx: number;
  /** Compressed bytes a channel aims at: frame data room × target frames. */
  readonly targetCompressedSize: number;
  readonly channel: ChannelPolicy;
  readonly maxPendingTransactions: number;
  readonly resubmitAfterL1Blocks: number;
  readonly settleDepth: number;
  readonly startAfter: number;
  readonly logger: Logger;
  readonly channelId: () => Uint8Array;
}

/** Frame size of a full blob: the blob's payload less the derivation version byte. */
export const MAX_BLOB_FRAME_SIZE = MAX_BLOB_DATA_SIZE - 1;
/** op-batcher's default calldata transaction size (120,000 bytes) less the version byte. */
export const DEFAULT_CALLDATA_FRAME_SIZE = 119_999;
export const MAX_BLOBS_PER_TX = 6;

function integer(key: string, value: number, min: number, max = Number.MAX_SAFE_INTEGER): number {
  if (!Number.isInteger(value) || value < min || value > max) {
    throw new ConfigError(key, `must be an integer from ${min} to ${max}`, value);
  }
  return value;
}

function randomChannelId(): Uint8Array {
  return crypto.getRandomValues(new Uint8Array(16));
}

export function resolveBatcherConfig(options: BatcherOptions): BatcherConfig {
  const { rollup } = options;
  const forks = new ForkSchedule(rollup);
  const genesisTime = rollup.genesis.l2Time;
  if ((options.l2Url === undefined) === (options.l2Source === undefined)) {
    throw new ConfigError("l2Url", "give exactly one of l2Url and l2Source");
  }
  if (!/^0x[0-9a-fA-F]{64}$/.test(options.batcherKey)) {
    throw new ConfigError("batcherKey", "must be a 32-byte hex private key");
  }
  const dataMode = options.dataMode ?? "blobs";
  if (dataMode !== "blobs" && dataMode !== "calldata") {
    throw new ConfigError("dataMode", 'must be "blobs" or "calldata"', dataMode);
  }
  if (dataMode === "blobs" && !forks.isEcotone(genesisTime)) {
    throw new ConfigError("dataMode", "blobs need Ecotone active from the L2 genesis", dataMode);
  }
  const compression = options.compression ?? "brotli";
  if (compression !== "brotli" && compression !== "zlib") {
    throw new ConfigError("compression", 'must be "brotli" or "zlib"', compression);
  }
  if (compression === "brotli" && !forks.isFjord(genesisTime)) {
    throw new ConfigError("compression", "brotli needs Fjord active from the L2 genesis", compression);
  }
  const compressionLevel = integer(
    "compressionLevel",
    options.compressionLevel ?? (compression === "brotli" ? 10 : 9),
    0,
    compression === "brotli" ? 11 : 9,
  );
  const batchType = options.batchType ?? "span";
  if (batchType !== "span" && batchType !== "singular") {
    throw new ConfigError("batchType", 'must be "span" or "singular"', batchType);
  }
  if (batchType === "span" && !forks.isDelta(genesisTime)) {
    throw new ConfigError("batchType", "span batches need Delta active from the L2 genesis", batchType);
  }
  const maxFrameSize = integer(
    "maxFrameSize",
    options.maxFrameSize ?? (dataMode === "blobs" ? MAX_BLOB_FRAME_SIZE : DEFAULT_CALLDATA_FRAME_SIZE),
    FRAME_OVERHEAD_BYTES + 1,
    dataMode === "blobs" ? MAX_BLOB_FRAME_SIZE : MAX_FRAME_DATA_LENGTH + FRAME_OVERHEAD_BYTES,
  );
  const maxBlobsPerTx = integer(
    "maxBlobsPerTx",
    options.maxBlobsPerTx ?? MAX_BLOBS_PER_TX,
    1,
    MAX_BLOBS_PER_TX,
  );
  const targetFrames = integer(
    "targetFrames",
    options.targetFrames ?? (dataMode === "blobs" ? maxBlobsPerTx : 1),
    1,
    0xffff,
  );
  const policy = { ...defaultChannelPolicy, ...options.channel };
  const channel: ChannelPolicy = {
    maxBlocks: integer("channel.maxBlocks", policy.maxBlocks, 1),
    maxL1Blocks: integer("channel.maxL1Blocks", policy.maxL1Blocks, 0),
    closeEveryStep: policy.closeEveryStep === true,
    subSafetyMargin: integer("channel.subSafetyMargin", policy.subSafetyMargin, 0),
  };
  return {
    l1Url: options.l1Url,
    l2:
      options.l2Source ??
      (options.l2JwtSecret
        ? { url: options.l2Url as string, jwtSecret: options.l2JwtSecret }
        : { url: options.l2Url as string }),
    batcherKey: options.batcherKey,
    inbox: (options.inbox ?? rollup.batchInboxAddress).toLowerCase() as Address,
    rollup,
    forks,
    dataMode,
    compression,
    compressionLevel,
    batchType,
    maxFrameSize,
    maxBlobsPerTx,
    targetCompressedSize: (maxFrameSize - FRAME_OVERHEAD_BYTES) * targetFrames,
    channel,
    maxPendingTransactions: integer("maxPendingTransactions", options.maxPendingTransactions ?? 16, 1),
    resubmitAfterL1Blocks: integer("resubmitAfterL1Blocks", options.resubmitAfterL1Blocks ?? 10, 1),
    settleDepth: integer("settleDepth", options.settleDepth ?? 64, 1),
    startAfter: integer(
      "startAfter",
      options.startAfter ?? rollup.genesis.l2.number,
      rollup.genesis.l2.number,
    ),
    logger: options.logger ?? silentLogger,
    channelId: options.channelId ?? randomChannelId,
  };
}
