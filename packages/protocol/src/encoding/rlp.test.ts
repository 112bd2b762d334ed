import assert from "node:assert/strict";
import { describe, test } from "@supernode/test-helpers/harness";
import { bytesToHex, hexToBytes } from "./bytes.ts";
import {
  RlpError,
  rlpDecodeList,
  rlpEncodeList,
  rlpEncodeString,
  rlpEncodeUint,
  rlpItemAt,
  rlpString,
  rlpUint,
} from "./rlp.ts";

function reason(hex: string): string {
  const bytes = hexToBytes(hex);
  try {
    const item = rlpItemAt(bytes, 0);
    if (item.kind === "string") rlpUint(bytes, item, 32, "value");
    return "ok";
  } catch (error) {
    assert.ok(error instanceof RlpError);
    return error.meta.reason;
  }
}

describe("RLP", () => {
  test("encodes the yellow-paper examples", () => {
    assert.equal(bytesToHex(rlpEncodeString(new TextEncoder().encode("dog"))), "0x83646f67");
    assert.equal(bytesToHex(rlpEncodeList([])), "0xc0");
    assert.equal(bytesToHex(rlpEncodeUint(0)), "0x80");
    assert.equal(bytesToHex(rlpEncodeUint(15)), "0x0f");
    assert.equal(bytesToHex(rlpEncodeUint(1024)), "0x820400");
    const long = new Uint8Array(56).fill(0x61);
    assert.equal(bytesToHex(rlpEncodeString(long)).slice(0, 6), "0xb838");
  });

  test("decodes what it encodes", () => {
    const encoded = rlpEncodeList([
      rlpEncodeString(Uint8Array.of(1, 2, 3)),
      rlpEncodeUint(300),
      rlpEncodeList([]),
    ]);
    const items = rlpDecodeList(encoded);
    assert.equal(items.length, 3);
    assert.deepEqual(rlpString(encoded, items[0]!), Uint8Array.of(1, 2, 3));
    assert.equal(rlpUint(encoded, items[1]!, 8, "n"), 300n);
    assert.equal(items[2]!.kind, "list");
  });

  test("rejects what geth rejects", () => {
    assert.equal(reason("0x8105"), "non-canonical size"); // single byte < 0x80 in long form
    assert.equal(reason("0xb80161"), "non-canonical size"); // long form for a 1-byte string
    assert.equal(reason("0xb9000161"), "non-canonical size"); // length with a leading zero
    assert.equal(reason("0x820001"), "non-canonical integer");
    assert.equal(reason("0x00"), "non-canonical integer");
    assert.equal(reason("0x83aabb"), "unexpected end");
    assert.equal(reason("0x"), "unexpected end");
    assert.equal(reason(`0xa1${"ff".repeat(33)}`), "value too large");
  });

  test("a list with bytes after it is trailing bytes", () => {
    assert.throws(
      () => rlpDecodeList(hexToBytes("0xc00000")),
      (e: unknown) => e instanceof RlpError && e.meta.reason === "trailing bytes",
    );
  });

  test("an item may not run past its enclosing list", () => {
    assert.throws(() => rlpDecodeList(hexToBytes("0xc283aabb")), RlpError);
  });
});
