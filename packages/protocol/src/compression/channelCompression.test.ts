import assert from "node:assert/strict";
import { describe, test } from "@supernode/test-helpers/harness";
import { brotliCompress, loadBrotli } from "./brotli.ts";
import {
  compressChannel,
  decompressChannel,
  detectCompression,
  maxRlpBytesPerChannel,
  type NativeDecompressors,
} from "./channelCompression.ts";

await loadBrotli();

const rlp = new TextEncoder().encode("batch data ".repeat(500));
const options = { maxOutput: 100_000_000, fjord: true };

describe("channel compression", () => {
  test("MAX_RLP_BYTES_PER_CHANNEL is 10,000,000 before Fjord and 100,000,000 from it", () => {
    assert.equal(maxRlpBytesPerChannel(false), 10_000_000);
    assert.equal(maxRlpBytesPerChannel(true), 100_000_000);
    // The cap cuts decompressed output at exactly that many bytes, whichever fork.
    const big = new Uint8Array(10_000_100);
    const capped = decompressChannel(compressChannel(big, "zlib"), {
      maxOutput: maxRlpBytesPerChannel(false),
      fjord: false,
    });
    assert.equal(capped.output.length, 10_000_000);
  });

  test("detects zlib by its low nibble and brotli by the version byte", () => {
    assert.equal(detectCompression(0x78), "zlib");
    assert.equal(detectCompression(0x08), "zlib");
    assert.equal(detectCompression(0x7f), "zlib");
    assert.equal(detectCompression(0x01), "brotli");
    assert.equal(detectCompression(0x02), null);
  });

  test("round trips both compressions", () => {
    for (const compression of ["zlib", "brotli"] as const) {
      const result = decompressChannel(compressChannel(rlp, compression), options);
      assert.equal(result.compression, compression);
      assert.equal(result.error, null);
      assert.deepEqual(result.output, rlp);
    }
  });

  test("brotli before Fjord, an unknown first byte and empty data are format errors", () => {
    const brotli = compressChannel(rlp, "brotli");
    assert.equal(
      decompressChannel(brotli, { ...options, fjord: false }).error?.message.includes("brotli before fjord"),
      true,
    );
    assert.equal(
      decompressChannel(Uint8Array.of(0x02, 1, 2), options).error?.meta.reason,
      "unknown compression",
    );
    assert.equal(decompressChannel(new Uint8Array(0), options).error?.meta.reason, "empty channel");
  });

  test("a native result is used only when the stream took the whole input", () => {
    const stream = compressChannel(rlp, "zlib");
    let calls = 0;
    const honest: NativeDecompressors = {
      zlib: (input) => {
        calls++;
        return { output: rlp, consumed: input.length };
      },
    };
    assert.deepEqual(decompressChannel(stream, { ...options, native: honest }).output, rlp);
    assert.equal(calls, 1);

    // A native decoder that returns part of a truncated stream as if it were whole is overruled.
    const truncated = stream.subarray(0, stream.length - 9);
    const lenient: NativeDecompressors = {
      zlib: (input) => ({ output: rlp.subarray(0, 1000), consumed: input.length - 3 }),
    };
    const portable = decompressChannel(truncated, options);
    const result = decompressChannel(truncated, { ...options, native: lenient });
    assert.deepEqual(result.output, portable.output);
    assert.equal(result.error?.meta.reason, "unexpected end");

    const throwing: NativeDecompressors = {
      zlib: () => {
        throw new Error("native failure");
      },
    };
    assert.deepEqual(decompressChannel(stream, { ...options, native: throwing }).output, rlp);
  });

  test("a native brotli error falls back to the portable decoder", () => {
    const stream = Uint8Array.from([0x01, ...brotliCompress(rlp)]);
    const throwing: NativeDecompressors = {
      brotli: () => {
        throw new Error("unexpected end of file");
      },
    };
    const result = decompressChannel(stream.subarray(0, 40), { ...options, native: throwing });
    assert.deepEqual(result.output, decompressChannel(stream.subarray(0, 40), options).output);
  });

  test("the cap applies to both compressions", () => {
    for (const compression of ["zlib", "brotli"] as const) {
      const result = decompressChannel(compressChannel(rlp, compression), { ...options, maxOutput: 77 });
      assert.equal(result.capped, true);
      assert.deepEqual(result.output, rlp.subarray(0, 77));
    }
  });
});
