import assert from "node:assert/strict";
import { describe, test } from "@supernode/test-helpers/harness";
import {
  ByteReader,
  bytesToHex,
  encodeUvarint,
  hexToBytes,
  InvalidHexError,
  UnexpectedEndError,
  UvarintOverflowError,
} from "./bytes.ts";

describe("bytes", () => {
  test("hex round trip, with and without 0x, any case", () => {
    assert.equal(bytesToHex(hexToBytes("0xDEADbeef")), "0xdeadbeef");
    assert.equal(bytesToHex(hexToBytes("00ff\n")), "0x00ff");
    assert.throws(() => hexToBytes("0xabc"), InvalidHexError);
    assert.throws(() => hexToBytes("0xzz"), InvalidHexError);
  });

  test("uvarint round trip at the edges of uint64", () => {
    for (const value of [0n, 1n, 127n, 128n, 300n, (1n << 53n) + 1n, (1n << 64n) - 1n]) {
      const reader = new ByteReader(encodeUvarint(value));
      assert.equal(reader.uvarintBig("v"), value);
      assert.equal(reader.remaining, 0);
    }
  });

  test("uvarint over 64 bits or over 10 bytes is an overflow, as in Go", () => {
    assert.throws(
      () => new ByteReader(hexToBytes("0xffffffffffffffffff02")).uvarintBig("v"),
      UvarintOverflowError,
    );
    assert.throws(
      () => new ByteReader(hexToBytes("0xffffffffffffffffffff01")).uvarintBig("v"),
      UvarintOverflowError,
    );
    assert.throws(
      () => new ByteReader(hexToBytes(`0x${"ff".repeat(8)}7f`)).uvarint("v"),
      UvarintOverflowError,
    );
  });

  test("reads past the end fail with the field name", () => {
    const reader = new ByteReader(Uint8Array.of(1, 2, 3));
    assert.equal(reader.u16("a"), 0x0102);
    assert.throws(
      () => reader.u16("b"),
      (e: unknown) => e instanceof UnexpectedEndError && e.meta.field === "b",
    );
    assert.throws(() => new ByteReader(Uint8Array.of(0x80)).uvarint("c"), UnexpectedEndError);
  });
});
