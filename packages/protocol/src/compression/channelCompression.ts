// Channel compression (specs "Channel Format", fjord/derivation.md): the first byte tells zlib
// (low nibble 8 or 15) from brotli (0x01, then a brotli stream; Fjord and later only).
// Decoding hands out the maximal prefix; an app may inject native decoders as a fast path for
// good streams, and any doubt (an exception, a missing trailer) falls back to the portable one.
import { zlibSync } from "fflate";
import { concatBytes } from "../encoding/bytes.ts";
import { SupernodeError } from "../errors.ts";
import { type BrotliError, brotliCompress, brotliDecompress, loadBrotli } from "./brotli.ts";
import { type InflateError, inflateZlib } from "./inflate.ts";

export type ChannelCompression = "zlib" | "brotli";

export const CHANNEL_VERSION_BROTLI = 0x01;

/** Decompressed bytes a channel may hand to the batch reader: 10 MB before Fjord, 100 MB from Fjord. */
export const MAX_RLP_BYTES_PER_CHANNEL_BEDROCK = 10_000_000;
export const MAX_RLP_BYTES_PER_CHANNEL_FJORD = 100_000_000;

export function maxRlpBytesPerChannel(fjord: boolean): number {
  return fjord ? MAX_RLP_BYTES_PER_CHANNEL_FJORD : MAX_RLP_BYTES_PER_CHANNEL_BEDROCK;
}

export type ChannelFormatReason = "empty channel" | "unknown compression" | "brotli before fjord";

export class ChannelFormatError extends SupernodeError<
  "CHANNEL_FORMAT",
  { reason: ChannelFormatReason; firstByte?: number }
> {
  override readonly name = "ChannelFormatError";

  constructor(reason: ChannelFormatReason, firstByte?: number) {
    const shown = firstByte === undefined ? "" : ` (first byte 0x${firstByte.toString(16).padStart(2, "0")})`;
    super(
      "CHANNEL_FORMAT",
      `channel: ${reason}${shown}`,
      firstByte === undefined ? { reason } : { reason, firstByte },
    );
  }
}

/** What a native decoder returns: its output and how many input bytes the stream took. */
export interface NativeResult {
  readonly output: Uint8Array;
  readonly consumed: number;
}

/**
 * Native decoders for whole, good streams (e.g. node:zlib with `info: true`). Each returns the
 * complete output and the input bytes the stream used, or throws; it must throw rather than
 * return part of a damaged stream. A result is used only when the stream used the whole input.
 */
export interface NativeDecompressors {
  /** zlib-wrapped DEFLATE (RFC 1950). */
  readonly zlib?: (input: Uint8Array, maxOutput: number) => NativeResult;
  /** A raw brotli stream (the channel's version byte removed). */
  readonly brotli?: (input: Uint8Array, maxOutput: number) => NativeResult;
}

export interface DecompressedChannel {
  readonly compression: ChannelCompression | null;
  /** Every byte decoded before the first error, at most the cap. */
  readonly output: Uint8Array;
  /** Why decoding stopped early (null: the stream was whole, or the cap was reached). */
  readonly error: ChannelFormatError | InflateError | BrotliError | null;
  readonly capped: boolean;
}

export function detectCompression(firstByte: number): ChannelCompression | null {
  const method = firstByte & 0x0f;
  if (method === 8 || method === 15) return "zlib";
  if (firstByte === CHANNEL_VERSION_BROTLI) return "brotli";
  return null;
}

/**
 * A native result counts only if the stream ended exactly at the end of the input: no truncation
 * (the decoder would have thrown), no trailing bytes (some runtimes then return short output).
 */
function fromNative(
  data: Uint8Array,
  cap: number,
  native: ((input: Uint8Array, maxOutput: number) => NativeResult) | undefined,
): Uint8Array | null {
  if (!native) return null;
  try {
    const result = native(data, cap);
    return result.consumed === data.length && result.output.length <= cap ? result.output : null;
  } catch {
    return null;
  }
}

export interface DecompressOptions {
  /** MAX_RLP_BYTES_PER_CHANNEL for the reading stage's L1 origin. */
  readonly maxOutput: number;
  /** Whether Fjord is active at the reading stage's L1 origin (brotli is refused before). */
  readonly fjord: boolean;
  readonly native?: NativeDecompressors;
}

/** Decompresses channel data; brotli needs `loadBrotli()` to have completed. */
export function decompressChannel(data: Uint8Array, options: DecompressOptions): DecompressedChannel {
  const first = data[0];
  if (first === undefined) {
    return {
      compression: null,
      output: new Uint8Array(0),
      error: new ChannelFormatError("empty channel"),
      capped: false,
    };
  }
  const compression = detectCompression(first);
  if (compression === null) {
    const error = new ChannelFormatError("unknown compression", first);
    return { compression, output: new Uint8Array(0), error, capped: false };
  }
  if (compression === "zlib") {
    const fast = fromNative(data, options.maxOutput, options.native?.zlib);
    if (fast) return { compression, output: fast, error: null, capped: false };
    const result = inflateZlib(data, options.maxOutput);
    return { compression, output: result.output, error: result.error, capped: result.capped };
  }
  if (!options.fjord) {
    const error = new ChannelFormatError("brotli before fjord", first);
    return { compression, output: new Uint8Array(0), error, capped: false };
  }
  const stream = data.subarray(1);
  const fast = fromNative(stream, options.maxOutput, options.native?.brotli);
  if (fast) return { compression, output: fast, error: null, capped: false };
  const result = brotliDecompress(stream, options.maxOutput);
  return { compression, output: result.output, error: result.error, capped: result.capped };
}

/** Compresses the RLP batch stream of a channel (zlib at `level` 0–9, brotli at `level` 0–11). */
export function compressChannel(
  rlp: Uint8Array,
  compression: ChannelCompression,
  level?: number,
): Uint8Array {
  if (compression === "zlib") {
    const zlibLevel = (level ?? 9) as 0 | 1 | 2 | 3 | 4 | 5 | 6 | 7 | 8 | 9;
    return zlibSync(rlp, { level: zlibLevel });
  }
  return concatBytes([Uint8Array.of(CHANNEL_VERSION_BROTLI), brotliCompress(rlp, level ?? 11)]);
}

export { loadBrotli };
