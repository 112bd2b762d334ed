// A whole channel's data → its batches: decompression (maximal prefix, capped at
// MAX_RLP_BYTES_PER_CHANNEL) followed by the batch reader.
import type { BatchData } from "../batches/batchData.ts";
import { readBatches } from "../batches/batchReader.ts";
import {
  type ChannelCompression,
  type DecompressOptions,
  decompressChannel,
} from "../compression/channelCompression.ts";
import type { SupernodeError } from "../errors.ts";

export interface ChannelContents {
  readonly compression: ChannelCompression | null;
  readonly compressedSize: number;
  /** Bytes the decompressor handed out (the maximal prefix, at most the cap). */
  readonly decompressedSize: number;
  /** Decompression stopped at MAX_RLP_BYTES_PER_CHANNEL. */
  readonly capped: boolean;
  readonly batches: BatchData[];
  /** Why decompression stopped early, if it did. */
  readonly decompressError: SupernodeError | null;
  /** Why batch reading stopped before the end of the decompressed bytes, if it did. */
  readonly batchError: SupernodeError | null;
}

export function readChannel(data: Uint8Array, options: DecompressOptions): ChannelContents {
  const decompressed = decompressChannel(data, options);
  const read = readBatches(decompressed.output);
  return {
    compression: decompressed.compression,
    compressedSize: data.length,
    decompressedSize: decompressed.output.length,
    capped: decompressed.capped,
    batches: read.batches,
    decompressError: decompressed.error,
    batchError: read.error,
  };
}
