// One channel being filled with consecutive L2 blocks (op-batcher channel_builder.go, simplified):
// a span batch of all its blocks, or one singular batch per block, compressed by `ChannelOut`
// and cut into frames when the channel closes. Pure: no I/O, the channel id is given.
import {
  type BatchData,
  BatchError,
  buildRawSpanBatch,
  type ChannelCompression,
  ChannelOut,
  type ChannelOutOptions,
  encodeBatchData,
  type Frame,
  hexToBytes,
  rlpEncodeString,
  type SpanBatchChainParams,
} from "@supernode/protocol";
import type { BatchBlock } from "./blockSource.ts";
import { BatcherError } from "./errors.ts";

export type BatchType = "span" | "singular";

export interface ChannelBuilderOptions {
  readonly batchType: BatchType;
  readonly compression: ChannelCompression;
  /** zlib 0–9, brotli 0–11 (ChannelOut's defaults when absent). */
  readonly compressionLevel?: number;
  /** Close before the compressed channel would pass this many bytes (a single block may pass it). */
  readonly targetCompressedSize: number;
  /** MAX_RLP_BYTES_PER_CHANNEL of the chain's fork. */
  readonly maxRlpBytes: number;
  readonly chain: SpanBatchChainParams;
}

/** The compressed size can exceed the input by at most this (stored blocks, brotli's metablock headers). */
function worstCaseCompressed(size: number): number {
  return size + Math.ceil(size / 8) + 64;
}

/** The span batch of consecutive blocks, as a channel carries it. */
export function spanBatchOf(blocks: readonly BatchBlock[], chain: SpanBatchChainParams): BatchData {
  const first = blocks[0];
  const last = blocks.at(-1);
  if (!first || !last) throw new RangeError("a span batch needs a block");
  try {
    return {
      type: "span",
      batch: buildRawSpanBatch(
        blocks.map((block) => ({
          timestamp: block.timestamp,
          epochNum: block.l1Origin.number,
          transactions: block.transactions,
        })),
        {
          ...chain,
          parentHash: hexToBytes(first.parentHash),
          lastL1OriginHash: hexToBytes(last.l1Origin.hash),
        },
      ),
    };
  } catch (error) {
    if (!(error instanceof BatchError)) throw error;
    throw new BatcherError(
      "critical",
      "unbatchable",
      `L2 blocks ${first.number}–${last.number}: ${error.message}`,
      { cause: error },
    );
  }
}

/** The singular batch of one block. */
export function singularBatchOf(block: BatchBlock): BatchData {
  return {
    type: "singular",
    batch: {
      parentHash: block.parentHash,
      epochNum: block.l1Origin.number,
      epochHash: block.l1Origin.hash,
      timestamp: block.timestamp,
      transactions: block.transactions,
    },
  };
}

export class ChannelBuilder {
  readonly #blocks: BatchBlock[] = [];
  readonly #outOptions: ChannelOutOptions;
  /** Singular: the live channel. Span: the channel of exactly the current blocks, when built. */
  #out: ChannelOut | null = null;
  /** Span: the RLP size of the last candidate actually compressed (and found under the target). */
  #checkedRlpSize = 0;

  constructor(
    readonly id: Uint8Array,
    /** The L1 head when the channel opened (for the duration policy). */
    readonly openedAtL1: number,
    private readonly options: ChannelBuilderOptions,
  ) {
    this.#outOptions = {
      compression: options.compression,
      targetCompressedSize: options.targetCompressedSize,
      maxRlpBytes: options.maxRlpBytes,
      ...(options.compressionLevel === undefined ? {} : { level: options.compressionLevel }),
    };
  }

  get blocks(): readonly BatchBlock[] {
    return this.#blocks;
  }

  /**
   * Adds the next block, or "full" when the channel already holds a block and would pass its
   * target with this one (close it and start the next channel with the block).
   */
  add(block: BatchBlock): "added" | "full" {
    const verdict = this.options.batchType === "singular" ? this.#addSingular(block) : this.#addSpan(block);
    if (verdict === "added") this.#blocks.push(block);
    return verdict;
  }

  #addSingular(block: BatchBlock): "added" | "full" {
    this.#out ??= new ChannelOut(this.id, this.#outOptions);
    return this.#out.addBatch(singularBatchOf(block));
  }

  /**
   * The whole span batch is re-encoded per block, but compressed only when its size could pass
   * the target, and then at most once per eighth of the target it grows (the channel may end up
   * that much over its target: harmless, it is one more frame).
   */
  #addSpan(block: BatchBlock): "added" | "full" {
    this.#out = null;
    const candidate = [...this.#blocks, block];
    const batch = spanBatchOf(candidate, this.options.chain);
    if (this.#blocks.length === 0) return "added";
    const rlpSize = rlpEncodeString(encodeBatchData(batch)).length;
    if (rlpSize > this.options.maxRlpBytes) return "full";
    const target = this.options.targetCompressedSize;
    if (worstCaseCompressed(rlpSize) <= target) return "added";
    if (this.#checkedRlpSize > 0 && rlpSize - this.#checkedRlpSize < target / 8) return "added";
    const out = new ChannelOut(this.id, this.#outOptions);
    out.addBatch(batch);
    if (out.data().length > target) return "full";
    this.#out = out;
    this.#checkedRlpSize = rlpSize;
    return "added";
  }

  /** The channel's frames, each at most `maxFrameSize` encoded bytes, the last one closing it. */
  frames(maxFrameSize: number): Frame[] {
    if (this.#blocks.length === 0) throw new RangeError("an empty channel has no frames");
    if (!this.#out) {
      this.#out = new ChannelOut(this.id, this.#outOptions);
      this.#out.addBatch(spanBatchOf(this.#blocks, this.options.chain));
    }
    return this.#out.frames(maxFrameSize);
  }
}
