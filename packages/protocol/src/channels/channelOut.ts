// Building channels for the batcher (op-batcher channel_out.go, simplified): batches are added
// as RLP strings until the compressed channel would pass a target size, then the channel is
// closed and cut into frames.
import { type BatchData, encodeBatchData } from "../batches/batchData.ts";
import {
  type ChannelCompression,
  compressChannel,
  maxRlpBytesPerChannel,
} from "../compression/channelCompression.ts";
import { concatBytes } from "../encoding/bytes.ts";
import { rlpEncodeString } from "../encoding/rlp.ts";
import { type Frame, framesOfChannel } from "../frames/frame.ts";

export interface ChannelOutOptions {
  readonly compression: ChannelCompression;
  /** Close the channel before its compressed size would pass this many bytes (a single batch may). */
  readonly targetCompressedSize: number;
  /** Compression level (zlib 0–9, brotli 0–11). */
  readonly level?: number;
  /** Cap on the uncompressed RLP (MAX_RLP_BYTES_PER_CHANNEL of the fork). */
  readonly maxRlpBytes?: number;
}

export type AddResult = "added" | "full";

export class ChannelOut {
  readonly #items: Uint8Array[] = [];
  #rlpSize = 0;
  #compressed: Uint8Array | null = null;

  constructor(
    readonly id: Uint8Array,
    private readonly options: ChannelOutOptions,
  ) {
    if (id.length !== 16) throw new RangeError("channel id must be 16 bytes");
  }

  get batchCount(): number {
    return this.#items.length;
  }

  /**
   * Adds a batch unless the channel already holds one and the compressed channel with this batch
   * would pass the target (then "full": close this channel and start the next with the batch).
   */
  addBatch(batch: BatchData): AddResult {
    const item = rlpEncodeString(encodeBatchData(batch));
    const maxRlp = this.options.maxRlpBytes ?? maxRlpBytesPerChannel(true);
    if (this.#items.length > 0 && this.#rlpSize + item.length > maxRlp) return "full";
    const candidate = compressChannel(
      concatBytes([...this.#items, item]),
      this.options.compression,
      this.options.level,
    );
    if (this.#items.length > 0 && candidate.length > this.options.targetCompressedSize) return "full";
    this.#items.push(item);
    this.#rlpSize += item.length;
    this.#compressed = candidate;
    return "added";
  }

  /** The compressed channel data. */
  data(): Uint8Array {
    return (
      this.#compressed ?? compressChannel(new Uint8Array(0), this.options.compression, this.options.level)
    );
  }

  /** The channel cut into frames of at most `maxFrameSize` encoded bytes, the last one closing it. */
  frames(maxFrameSize: number): Frame[] {
    return framesOfChannel(this.id, this.data(), maxFrameSize);
  }
}
