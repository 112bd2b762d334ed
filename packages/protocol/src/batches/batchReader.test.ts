import assert from "node:assert/strict";
import { describe, test } from "@supernode/test-helpers/harness";
import { concatBytes } from "../encoding/bytes.ts";
import { rlpEncodeList, rlpEncodeString } from "../encoding/rlp.ts";
import { encodeBatchData } from "./batchData.ts";
import { readBatches } from "./batchReader.ts";
import type { SingularBatch } from "./singularBatch.ts";

const batch = (timestamp: number): SingularBatch => ({
  parentHash: `0x${"01".repeat(32)}`,
  epochNum: 1,
  epochHash: `0x${"02".repeat(32)}`,
  timestamp,
  transactions: [],
});
const item = (timestamp: number) =>
  rlpEncodeString(encodeBatchData({ type: "singular", batch: batch(timestamp) }));

describe("batch reader", () => {
  test("reads every batch of a good stream", () => {
    const read = readBatches(concatBytes([item(1), item(2), item(3)]));
    assert.equal(read.error, null);
    assert.deepEqual(
      read.batches.map((b) => (b.type === "singular" ? b.batch.timestamp : -1)),
      [1, 2, 3],
    );
  });

  test("stops at the first bad batch and keeps those before it", () => {
    const unknownType = rlpEncodeString(Uint8Array.of(7, 1, 2));
    const read = readBatches(concatBytes([item(1), unknownType, item(3)]));
    assert.equal(read.batches.length, 1);
    assert.equal(read.error?.meta.reason, "unknown batch type");
  });

  test("a list where a batch string belongs, or a cut-off batch, ends the stream", () => {
    assert.equal(readBatches(concatBytes([item(1), rlpEncodeList([])])).batches.length, 1);
    const whole = concatBytes([item(1), item(2)]);
    const cut = readBatches(whole.subarray(0, whole.length - 1));
    assert.equal(cut.batches.length, 1);
    assert.equal(cut.consumed, item(1).length);
  });
});
