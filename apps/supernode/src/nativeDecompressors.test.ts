// The app's native fast path must never change what protocol hands out: same bytes as the
// portable decoders for good, truncated, corrupted, over-cap and trailing-garbage channels.
import { describe, expect, test } from "bun:test";
import { compressChannel, concatBytes, decompressChannel, loadBrotli } from "@supernode/protocol";
import { nativeDecompressors } from "./nativeDecompressors.ts";

await loadBrotli();

const rlp = new TextEncoder().encode(
  Array.from({ length: 4000 }, (_, i) => `tx ${i} ${(i * 7919) % 997}`).join(";"),
);

function variants(channel: Uint8Array): [string, Uint8Array][] {
  const corrupt = channel.slice();
  corrupt[Math.floor(channel.length / 2)] = (corrupt[Math.floor(channel.length / 2)] ?? 0) ^ 0x10;
  return [
    ["whole", channel],
    ["truncated", channel.subarray(0, channel.length - 5)],
    ["cut in half", channel.subarray(0, channel.length >> 1)],
    ["corrupted", corrupt],
    ["trailing garbage", concatBytes([channel, Uint8Array.of(1, 2, 3, 4, 5, 6, 7, 8)])],
  ];
}

describe("native decompressors", () => {
  for (const compression of ["zlib", "brotli"] as const) {
    for (const [name, data] of variants(compressChannel(rlp, compression))) {
      for (const maxOutput of [100_000_000, 5000]) {
        test(`${compression}, ${name}, cap ${maxOutput}: same bytes as the portable decoder`, () => {
          const portable = decompressChannel(data, { maxOutput, fjord: true });
          const native = decompressChannel(data, { maxOutput, fjord: true, native: nativeDecompressors });
          expect(native.output.length).toBe(portable.output.length);
          expect(Buffer.compare(native.output, portable.output)).toBe(0);
        });
      }
    }
  }
});
