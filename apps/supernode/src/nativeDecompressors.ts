// The app's native fast path for channel decompression (node:zlib under Bun). protocol accepts a
// native result only for a whole, good stream and otherwise falls back to its portable decoders,
// so every runtime hands out the same bytes.
import { brotliDecompressSync, inflateSync } from "node:zlib";
import type { NativeDecompressors } from "@supernode/protocol";

export const nativeDecompressors: NativeDecompressors = {
  zlib: (input, maxOutput) => inflateSync(input, { maxOutputLength: Math.max(1, maxOutput) }),
  brotli: (input, maxOutput) => brotliDecompressSync(input, { maxOutputLength: Math.max(1, maxOutput) }),
};
