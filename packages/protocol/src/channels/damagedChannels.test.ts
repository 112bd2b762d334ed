// A multi-batch channel of our own making, truncated at every byte offset and corrupted at a
// sample of offsets, for zlib and brotli: the bytes handed out before the first error and the
// batches they hold must equal what testdata/damaged-channels.expected.json lists. That file is
// computed independently (scripts/vectors/damaged-channels/main.go: Go's compress/zlib, the
// reader op-node uses, and libbrotli's C decoder).
//
// One known difference: the C decoder rejects a stream whose last byte has non-zero padding bits
// (PADDING_1/2) before flushing its final bytes, while brotli-wasm (Rust) accepts the padding.
// There the prefix may be longer than C's by those final bytes; the batch count must still agree.
import assert from "node:assert/strict";
import { createHash } from "node:crypto";
import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { describe, test } from "@supernode/test-helpers/harness";
import { readBatches } from "../batches/batchReader.ts";
import { decompressChannel, loadBrotli } from "../compression/channelCompression.ts";
import { hexToBytes } from "../encoding/bytes.ts";

/** [prefix length, sha256 prefix, whole batches, brotli only: the C decoder's error name]. */
type Expectation = [number, string, number, string?];

const testdata = (name: string) =>
  JSON.parse(readFileSync(fileURLToPath(new URL(`../../testdata/${name}`, import.meta.url)), "utf8"));

const input = testdata("damaged-channels.input.json") as {
  batchCount: number;
  channels: {
    compression: "zlib" | "brotli";
    data: string;
    corruptions: { offset: number; mask: number }[];
  }[];
};
const expected = testdata("damaged-channels.expected.json") as {
  channels: { compression: string; truncated: Expectation[]; corrupted: Expectation[] }[];
};

await loadBrotli();

function digest(bytes: Uint8Array): string {
  return createHash("sha256").update(bytes).digest("hex").slice(0, 16);
}

function check(data: Uint8Array, want: Expectation | undefined, label: string): void {
  assert.ok(want, `an expectation for ${label}`);
  const { output } = decompressChannel(data, { maxOutput: 100_000_000, fjord: true });
  const [length, hash, batches, brotliError] = want;
  assert.equal(readBatches(output).batches.length, batches, `${label}: batch count`);
  if (brotliError?.startsWith("PADDING")) {
    assert.ok(output.length >= length, `${label}: at least the reference prefix`);
    assert.equal(digest(output.subarray(0, length)), hash, `${label}: the reference prefix`);
    return;
  }
  assert.deepEqual([output.length, digest(output)], [length, hash], `${label}: decoded prefix`);
}

describe("damaged channels: maximal prefix and batch counts match the independent computation", () => {
  input.channels.forEach((channel, index) => {
    const data = hexToBytes(channel.data);
    const want = expected.channels[index];
    assert.ok(want && want.compression === channel.compression, "expected data matches the input file");

    test(`${channel.compression}: the whole channel gives every batch`, () => {
      const { output, error } = decompressChannel(data, { maxOutput: 100_000_000, fjord: true });
      assert.equal(error, null);
      assert.equal(readBatches(output).batches.length, input.batchCount);
    });

    test(`${channel.compression}: truncated at each of ${data.length + 1} offsets`, () => {
      for (let cut = 0; cut <= data.length; cut++) {
        check(data.subarray(0, cut), want.truncated[cut], `truncated at ${cut}`);
      }
    });

    test(`${channel.compression}: corrupted at ${channel.corruptions.length} sampled offsets`, () => {
      channel.corruptions.forEach(({ offset, mask }, i) => {
        const bad = data.slice();
        bad[offset] = (bad[offset] ?? 0) ^ mask;
        check(bad, want.corrupted[i], `byte ${offset} ^ 0x${mask.toString(16)}`);
      });
    });
  });
});
