import assert from "node:assert/strict";
import { describe, test } from "@supernode/test-helpers/harness";
import { opSepolia, presetByChainId } from "../config/presets.ts";
import { blockLabel, zeroHash, zeroL1BlockRef, zeroL2BlockRef } from "./blocks.ts";
import { superV1ToJson } from "./output.ts";
import { syncStatusFromJson, syncStatusToJson } from "./syncStatus.ts";

describe("block refs, super root JSON, presets by chain id", () => {
  test("a block label for log fields", () => {
    assert.equal(blockLabel({ hash: `0xabcdef${"00".repeat(26)}1234`, number: 42 }), "0xabcd..1234:42");
  });

  test("zero refs make a valid, empty sync status (what a chain reports before it starts)", () => {
    const status = {
      currentL1: zeroL1BlockRef,
      currentL1Finalized: zeroL1BlockRef,
      headL1: zeroL1BlockRef,
      safeL1: zeroL1BlockRef,
      finalizedL1: zeroL1BlockRef,
      unsafeL2: zeroL2BlockRef,
      safeL2: zeroL2BlockRef,
      finalizedL2: zeroL2BlockRef,
      pendingSafeL2: zeroL2BlockRef,
      crossUnsafeL2: zeroL2BlockRef,
      localSafeL2: zeroL2BlockRef,
    };
    assert.deepEqual(syncStatusFromJson(JSON.parse(JSON.stringify(syncStatusToJson(status)))), status);
    assert.equal(zeroL2BlockRef.l1origin.hash, zeroHash);
  });

  test("SuperV1 JSON is Go's: hex timestamp, decimal ChainID, Output", () => {
    const json = superV1ToJson({ timestamp: 0x67a1b2c3, chains: [{ chainId: 901n, output: zeroHash }] });
    assert.deepEqual(json, { timestamp: "0x67a1b2c3", chains: [{ ChainID: "901", Output: zeroHash }] });
  });

  test("a preset by its L2 chain id", () => {
    assert.equal(presetByChainId(11155420n), opSepolia);
    assert.equal(presetByChainId(5n), undefined);
  });
});
