// The app's native fast path for channel decompression (node:zlib under Bun). protocol uses a
// native result only when the stream took the whole input, and otherwise falls back to its
// portable decoders, so every runtime hands out the same bytes.
import { brotliDecompressSync, inflateSync } from "node:zlib";
import type { NativeDecompressors, NativeResult } from "@supernode/protocol";

interface WithInfo {
  buffer: Uint8Array;
  engine: { bytesWritten: number };
}

/** node:zlib's `info: true` form, typed (its declarations describe only the plain form). */
function withInfo(result: unknown): NativeResult {
  const { buffer, engine } = result as WithInfo;
  return { output: buffer, consumed: engine.bytesWritten };
}

export const nativeDecompressors: NativeDecompressors = {
  zlib: (input, maxOutput) =>
    withInfo(inflateSync(input, { maxOutputLength: Math.max(1, maxOutput), info: true } as object)),
  brotli: (input, maxOutput) =>
    withInfo(brotliDecompressSync(input, { maxOutputLength: Math.max(1, maxOutput), info: true } as object)),
};
