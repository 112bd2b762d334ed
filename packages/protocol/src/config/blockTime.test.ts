import assert from "node:assert/strict";
import { describe, test } from "@supernode/test-helpers/harness";
import { OutOfRangeError } from "../errors.ts";
import { blockNumberToTimestamp, timestampToBlockNumber } from "./blockTime.ts";

const hash = `0x${"11".repeat(32)}` as const;
const config = { blockTime: 2, genesis: { l2: { hash, number: 100 }, l2Time: 1000 } };

describe("L2 timestamp <-> block number", () => {
  test("genesis maps to the genesis block", () => {
    assert.equal(timestampToBlockNumber(config, 1000), 100);
    assert.equal(blockNumberToTimestamp(config, 100), 1000);
  });

  test("a timestamp between blocks maps to the last block at or before it", () => {
    assert.equal(timestampToBlockNumber(config, 1001), 100);
    assert.equal(timestampToBlockNumber(config, 1002), 101);
    assert.equal(timestampToBlockNumber(config, 1003), 101);
  });

  test("round trip for block numbers", () => {
    for (const n of [100, 101, 5000, 123_456]) {
      assert.equal(timestampToBlockNumber(config, blockNumberToTimestamp(config, n)), n);
    }
  });

  test("before genesis is an error, not a negative block", () => {
    assert.throws(() => timestampToBlockNumber(config, 999), OutOfRangeError);
    assert.throws(() => blockNumberToTimestamp(config, 99), OutOfRangeError);
  });
});
