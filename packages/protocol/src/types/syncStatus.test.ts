import assert from "node:assert/strict";
import { describe, test } from "@supernode/test-helpers/harness";
import type { L1BlockRef, L2BlockRef } from "./blocks.ts";
import { type SyncStatus, syncStatusFromJson, syncStatusJsonWriter, syncStatusToJson } from "./syncStatus.ts";

const h = (byte: number) => `0x${byte.toString(16).padStart(2, "0").repeat(32)}` as const;
const l1 = (n: number): L1BlockRef => ({
  hash: h(n),
  number: n,
  parentHash: h(n - 1),
  timestamp: 1000 + 12 * n,
});
const l2 = (n: number, origin: number): L2BlockRef => ({
  hash: h(100 + n),
  number: n,
  parentHash: h(99 + n),
  timestamp: 2000 + 2 * n,
  l1origin: { hash: h(origin), number: origin },
  sequenceNumber: n % 3,
});

const status: SyncStatus = {
  currentL1: l1(9),
  currentL1Finalized: l1(4),
  headL1: l1(10),
  safeL1: l1(6),
  finalizedL1: l1(4),
  unsafeL2: l2(30, 9),
  safeL2: l2(20, 7),
  finalizedL2: l2(10, 4),
  pendingSafeL2: l2(25, 8),
  crossUnsafeL2: l2(30, 9),
  localSafeL2: l2(25, 8),
};

describe("SyncStatus JSON", () => {
  test("has op-node's snake_case keys and block-ref fields", () => {
    const json = JSON.parse(JSON.stringify(syncStatusToJson(status)));
    assert.deepEqual(Object.keys(json).sort(), [
      "cross_unsafe_l2",
      "current_l1",
      "current_l1_finalized",
      "finalized_l1",
      "finalized_l2",
      "head_l1",
      "local_safe_l2",
      "pending_safe_l2",
      "safe_l1",
      "safe_l2",
      "unsafe_l2",
    ]);
    assert.deepEqual(Object.keys(json.safe_l2), [
      "hash",
      "number",
      "parentHash",
      "timestamp",
      "l1origin",
      "sequenceNumber",
    ]);
    assert.deepEqual(Object.keys(json.current_l1), ["hash", "number", "parentHash", "timestamp"]);
    assert.equal(typeof json.safe_l2.number, "number");
    assert.equal(json.local_safe_l2.l1origin.number, 8);
  });

  test("round-trips through JSON text", () => {
    assert.deepEqual(syncStatusFromJson(JSON.parse(JSON.stringify(syncStatusToJson(status)))), status);
  });

  test("rejects a response missing a field a follower reads", () => {
    const json: Record<string, unknown> = { ...syncStatusToJson(status) };
    delete json.local_safe_l2;
    assert.throws(() => syncStatusFromJson(json));
  });

  test("rejects numbers sent as hex strings", () => {
    const json = syncStatusToJson(status);
    assert.throws(() => syncStatusFromJson({ ...json, safe_l2: { ...json.safe_l2, number: "0x14" } }));
  });
});

describe("syncStatusJsonWriter", () => {
  test("writes the JSON of syncStatusToJson, again only when a ref is a different object", () => {
    const write = syncStatusJsonWriter();
    const first = write(status);
    assert.equal(first, JSON.stringify(syncStatusToJson(status)));
    // Same refs in a new status object: the same text, not written again.
    assert.equal(write({ ...status }), first);
    // A head that moves is a new ref: the text follows it.
    const moved = { ...status, safeL2: l2(21, 7) };
    const second = write(moved);
    assert.notEqual(second, first);
    assert.deepEqual(JSON.parse(second).safe_l2, JSON.parse(JSON.stringify(l2(21, 7))));
    assert.equal(write(moved), second);
    // An equal ref that is a new object is written again (still the same text).
    assert.equal(write({ ...moved, headL1: l1(10) }), second);
    assert.equal(write(status), first);
  });
});
