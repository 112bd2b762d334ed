import assert from "node:assert/strict";
import { describe, test } from "@supernode/test-helpers/harness";
import { deflateSync, zlibSync } from "fflate";
import { type InflateError, inflateRaw, inflateZlib } from "./inflate.ts";

function sample(length: number, kind: number): Uint8Array {
  const out = new Uint8Array(length);
  let x = 12345 + kind;
  for (let i = 0; i < length; i++) {
    x = (x * 1103515245 + 12345) >>> 0;
    out[i] = kind === 0 ? x >>> 24 : kind === 1 ? (x >>> 30) + 97 : (i % 251) ^ (x >>> 31);
  }
  return out;
}

function reasonOf(result: { error: InflateError | null }) {
  return result.error?.meta.reason ?? null;
}

describe("inflate", () => {
  test("decodes zlib streams of every level, stored, fixed and dynamic blocks", () => {
    for (let kind = 0; kind < 3; kind++) {
      const data = sample(70_000, kind);
      for (const level of [0, 1, 6, 9] as const) {
        const result = inflateZlib(zlibSync(data, { level }));
        assert.equal(result.error, null, `kind ${kind} level ${level}`);
        assert.deepEqual(result.output, data);
      }
    }
    const tiny = inflateRaw(deflateSync(new TextEncoder().encode("hello hello hello"), { level: 9 }));
    assert.equal(new TextDecoder().decode(tiny.output), "hello hello hello");
  });

  test("a truncated stream hands out a prefix that only grows with the input", () => {
    const data = sample(20_000, 1);
    const stream = zlibSync(data, { level: 6 });
    let previous = 0;
    for (let cut = 0; cut < stream.length; cut += 7) {
      const result = inflateZlib(stream.subarray(0, cut));
      assert.equal(reasonOf(result), "unexpected end", `cut ${cut}`);
      assert.ok(result.output.length >= previous);
      assert.deepEqual(result.output, data.subarray(0, result.output.length));
      previous = result.output.length;
    }
  });

  test("a bad checksum takes back nothing already decoded", () => {
    const data = sample(5000, 2);
    const stream = zlibSync(data);
    stream[stream.length - 1] = (stream[stream.length - 1] ?? 0) ^ 1;
    const result = inflateZlib(stream);
    assert.equal(reasonOf(result), "checksum mismatch");
    assert.deepEqual(result.output, data);
  });

  test("header rules follow Go's compress/zlib", () => {
    assert.equal(reasonOf(inflateZlib(Uint8Array.of(0x78))), "unexpected end");
    assert.equal(reasonOf(inflateZlib(Uint8Array.of(0x78, 0x9d, 0, 0))), "bad zlib header"); // fails the mod-31 check
    assert.equal(reasonOf(inflateZlib(Uint8Array.of(0x7f, 0x01, 0, 0))), "bad zlib header"); // CM 15
    assert.equal(reasonOf(inflateZlib(Uint8Array.of(0x88, 0x1c, 0, 0))), "bad zlib header"); // window over 32K
    assert.equal(reasonOf(inflateZlib(Uint8Array.of(0x78, 0xbb, 0, 0, 0, 0, 3, 0))), "preset dictionary");
  });

  test("corrupt block data stops with a reason", () => {
    assert.equal(reasonOf(inflateRaw(Uint8Array.of(0x07))), "invalid block type");
    assert.equal(reasonOf(inflateRaw(Uint8Array.of(0x01, 0x05, 0x00, 0x00, 0x00))), "stored length mismatch");
    // Fixed block: a match at distance 1 before any output.
    assert.equal(reasonOf(inflateRaw(Uint8Array.of(0x03, 0x02))), "distance too far back");
  });

  test("the cap stops decoding exactly at the cap", () => {
    const data = sample(10_000, 1);
    const result = inflateZlib(zlibSync(data), 4321);
    assert.equal(result.capped, true);
    assert.equal(result.error, null);
    assert.deepEqual(result.output, data.subarray(0, 4321));
  });
});
