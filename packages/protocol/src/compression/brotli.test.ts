import assert from "node:assert/strict";
import { describe, test } from "@supernode/test-helpers/harness";
import { brotliCompress, brotliDecompress, loadBrotli } from "./brotli.ts";

await loadBrotli();

const text = new TextEncoder().encode(
  Array.from({ length: 3000 }, (_, i) => `block ${i} tx ${(i * 7919) % 1000}\n`).join(""),
);

describe("brotli", () => {
  test("round trip", () => {
    const result = brotliDecompress(brotliCompress(text));
    assert.equal(result.error, null);
    assert.deepEqual(result.output, text);
  });

  test("a truncated stream hands out a growing prefix and says it ended early", () => {
    const stream = brotliCompress(text, 9);
    let previous = 0;
    for (let cut = 0; cut < stream.length; cut += 97) {
      const result = brotliDecompress(stream.subarray(0, cut));
      assert.equal(result.error?.meta.reason, "unexpected end", `cut ${cut}`);
      assert.ok(result.output.length >= previous);
      assert.deepEqual(result.output, text.subarray(0, result.output.length));
      previous = result.output.length;
    }
  });

  test("bytes after a complete stream are reported, the output kept", () => {
    const stream = brotliCompress(text);
    const result = brotliDecompress(Uint8Array.from([...stream, 1, 2, 3]));
    assert.equal(result.error?.meta.reason, "excessive input");
    assert.deepEqual(result.output, text);
  });

  test("a corrupt stream keeps the bytes decoded before the error", () => {
    const stream = brotliCompress(text, 5);
    const bad = stream.slice();
    bad[Math.floor(bad.length / 2)] = 0xff;
    bad[Math.floor(bad.length / 2) + 1] = 0xff;
    const result = brotliDecompress(bad);
    assert.notEqual(result.error, null);
    assert.deepEqual(result.output.subarray(0, 100), text.subarray(0, 100));
  });

  test("the cap stops decoding at the cap", () => {
    const result = brotliDecompress(brotliCompress(text), 1000);
    assert.equal(result.capped, true);
    assert.deepEqual(result.output, text.subarray(0, 1000));
  });
});
