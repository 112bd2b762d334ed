import assert from "node:assert/strict";
import { describe, test } from "@supernode/test-helpers/harness";
import { concatBytes } from "../encoding/bytes.ts";
import { rlpEncodeList, rlpEncodeString, rlpEncodeUint } from "../encoding/rlp.ts";
import { BatchError } from "./batchError.ts";
import { decodeSingularBatch, encodeSingularBatch, type SingularBatch } from "./singularBatch.ts";

const batch: SingularBatch = {
  parentHash: `0x${"11".repeat(32)}`,
  epochNum: 12345,
  epochHash: `0x${"22".repeat(32)}`,
  timestamp: 1_700_000_000,
  transactions: [Uint8Array.of(2, 1, 2, 3), Uint8Array.of(0xc1, 0x80)],
};

function reason(bytes: Uint8Array): string {
  try {
    decodeSingularBatch(bytes);
    return "ok";
  } catch (error) {
    assert.ok(error instanceof BatchError, String(error));
    return error.message;
  }
}

const field = {
  hash: (byte: number, length = 32) => rlpEncodeString(new Uint8Array(length).fill(byte)),
  txs: rlpEncodeList([rlpEncodeString(Uint8Array.of(1, 2))]),
};

describe("singular batch", () => {
  test("round trip", () => {
    const encoded = encodeSingularBatch(batch);
    assert.deepEqual(decodeSingularBatch(encoded), batch);
  });

  test("strict like geth: field count, hash sizes, canonical integers, nothing after the list", () => {
    const fields = [field.hash(1), rlpEncodeUint(5), field.hash(2), rlpEncodeUint(9), field.txs];
    assert.equal(reason(rlpEncodeList(fields)), "ok");
    assert.match(reason(rlpEncodeList(fields.slice(0, 4))), /too few elements/);
    assert.match(reason(rlpEncodeList([...fields, rlpEncodeUint(1)])), /too many elements/);
    assert.match(
      reason(rlpEncodeList([field.hash(1, 31), ...fields.slice(1)])),
      /parent_hash needs 32 bytes/,
    );
    assert.match(
      reason(rlpEncodeList([fields[0]!, Uint8Array.of(0x82, 0, 5), ...fields.slice(2)])),
      /non-canonical integer/,
    );
    assert.match(
      reason(rlpEncodeList([fields[0]!, rlpEncodeString(new Uint8Array(9).fill(1)), ...fields.slice(2)])),
      /value too large/,
    );
    assert.match(
      reason(rlpEncodeList([...fields.slice(0, 4), rlpEncodeList([rlpEncodeList([])])])),
      /expected string/,
    );
    assert.match(reason(concatBytes([rlpEncodeList(fields), Uint8Array.of(0)])), /trailing bytes/);
  });
});
