// Singular batch validity, one test per rule in op-node's order (reference/derivation.md §1.6).
import { describe, expect, test } from "bun:test";
import type { SingularBatch } from "@supernode/protocol";
import { type BatchContext, checkSingularBatch } from "./singularBatchValidity.ts";
import { testBatchRules, testHash, testL1, testSafe } from "./testRules.ts";

const h = testHash;
const l1 = testL1;
const epoch = l1(100, 1_000);
const nextEpoch = l1(101, 1_012);
const safe = testSafe;
const rules = (hardforks: Record<string, number> = {}) => testBatchRules(hardforks);
const context = (overrides: Partial<BatchContext> = {}): BatchContext => ({
  safe,
  l1Blocks: [epoch, nextEpoch],
  inclusionBlock: l1(102, 1_024),
  ...overrides,
});
const batch = (overrides: Partial<SingularBatch> = {}): SingularBatch => ({
  parentHash: safe.hash,
  epochNum: 100,
  epochHash: epoch.hash,
  timestamp: 1_006,
  transactions: [new Uint8Array([0x02, 0xc0])],
  ...overrides,
});
const check = (b: Partial<SingularBatch>, c: Partial<BatchContext> = {}, r = rules()) =>
  checkSingularBatch(r, context(c), batch(b)).validity;

describe("singular batch validity", () => {
  test("bedrock: a batch for the next block on the safe head with its epoch is accepted", () => {
    expect(check({})).toBe("accept");
  });
  test("bedrock: no buffered L1 origins is undecided", () => {
    expect(check({}, { l1Blocks: [] })).toBe("undecided");
  });
  test("bedrock: a batch for a later block is future", () => {
    expect(check({ timestamp: 1_008 })).toBe("future");
  });
  test("bedrock: a batch for an earlier block is dropped", () => {
    expect(check({ timestamp: 1_004 })).toBe("drop");
  });
  test("bedrock: a parent hash other than the safe head's is dropped", () => {
    expect(check({ parentHash: h(1) })).toBe("drop");
  });
  test("bedrock: a batch included after epoch + sequencing window is dropped", () => {
    expect(check({}, { inclusionBlock: l1(3_701, 50_000) })).toBe("drop");
    expect(check({}, { inclusionBlock: l1(3_700, 50_000) })).toBe("accept");
  });
  test("bedrock: an L1 origin older than the safe head's epoch is dropped", () => {
    expect(check({ epochNum: 99 })).toBe("drop");
  });
  test("bedrock: the next epoch as L1 origin is judged against the next L1 block, undecided while unknown", () => {
    expect(check({ epochNum: 101, epochHash: nextEpoch.hash, timestamp: 1_006 })).toBe("drop"); // before its origin's time
    expect(check({ epochNum: 101, epochHash: nextEpoch.hash }, { l1Blocks: [epoch] })).toBe("undecided");
    const later = { ...safe, timestamp: 1_010 };
    expect(check({ epochNum: 101, epochHash: nextEpoch.hash, timestamp: 1_012 }, { safe: later })).toBe(
      "accept",
    );
  });
  test("bedrock: an L1 origin that skips an epoch is dropped", () => {
    expect(check({ epochNum: 102 })).toBe("drop");
  });
  test("bedrock: an L1 origin hash mismatch is dropped", () => {
    expect(check({ epochHash: h(7) })).toBe("drop");
  });
  test("bedrock: a timestamp before its L1 origin's is dropped", () => {
    const early = { ...safe, timestamp: 996 };
    expect(check({ timestamp: 998 }, { safe: early })).toBe("drop");
  });
  test("bedrock: past the max sequencer drift with transactions is dropped", () => {
    const late = { ...safe, timestamp: 1_602 };
    expect(check({ timestamp: 1_604 }, { safe: late, l1Blocks: [epoch, l1(101, 2_000)] })).toBe("drop");
  });
  test("bedrock: past the drift without transactions: undecided without the next origin, dropped once it is due, else accepted", () => {
    const late = { ...safe, timestamp: 1_602 };
    expect(check({ timestamp: 1_604, transactions: [] }, { safe: late, l1Blocks: [epoch] })).toBe(
      "undecided",
    );
    expect(
      check({ timestamp: 1_604, transactions: [] }, { safe: late, l1Blocks: [epoch, l1(101, 1_604)] }),
    ).toBe("drop");
    expect(
      check({ timestamp: 1_604, transactions: [] }, { safe: late, l1Blocks: [epoch, l1(101, 2_000)] }),
    ).toBe("accept");
  });
  test("fjord: the max sequencer drift is 1800 s, by the batch origin's time", () => {
    const late = { ...safe, timestamp: 1_602 };
    expect(
      check({ timestamp: 1_604 }, { safe: late, l1Blocks: [epoch, l1(101, 5_000)] }, rules({ fjordTime: 0 })),
    ).toBe("accept");
  });
  test("jovian: transactions in the first Jovian block are dropped; an empty first block is accepted", () => {
    expect(check({}, {}, rules({ jovianTime: 1_006 }))).toBe("drop");
    expect(check({ transactions: [] }, {}, rules({ jovianTime: 1_006 }))).toBe("accept");
    expect(check({}, {}, rules({ jovianTime: 1_004 }))).toBe("accept");
  });
  test("interop: transactions in the first Interop block are dropped", () => {
    expect(check({}, {}, rules({ interopTime: 1_006 }))).toBe("drop");
  });
  test("bedrock: an empty transaction is dropped", () => {
    expect(check({ transactions: [new Uint8Array(0)] })).toBe("drop");
  });
  test("bedrock: a deposit transaction in a batch is dropped", () => {
    expect(check({ transactions: [new Uint8Array([0x7e, 0xc0])] })).toBe("drop");
  });
  test("isthmus: an EIP-7702 transaction is dropped before Isthmus (by the batch timestamp) and accepted from it", () => {
    expect(check({ transactions: [new Uint8Array([0x04, 0xc0])] })).toBe("drop");
    expect(check({ transactions: [new Uint8Array([0x04, 0xc0])] }, {}, rules({ isthmusTime: 1_006 }))).toBe(
      "accept",
    );
  });
  test("holocene: a future batch is dropped and an old one is past, by the inclusion block's time", () => {
    const holocene = rules({ holoceneTime: 1_024 });
    expect(check({ timestamp: 1_008 }, {}, holocene)).toBe("drop");
    expect(check({ timestamp: 1_004 }, {}, holocene)).toBe("past");
    expect(check({ timestamp: 1_008 }, { inclusionBlock: l1(102, 1_023) }, holocene)).toBe("future");
  });
});
