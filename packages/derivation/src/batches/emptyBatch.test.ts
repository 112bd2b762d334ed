// Empty-batch generation, one test per rule (reference/derivation.md §1.6a).
import { describe, expect, test } from "bun:test";
import { type EmptyBatchContext, nextEmptyBatch } from "./emptyBatch.ts";
import { testBatchRules, testHash, testL1, testSafe } from "./testRules.ts";

const h = testHash;
const l1 = testL1;
const safe = testSafe;
const rules = testBatchRules({});
const context = (overrides: Partial<EmptyBatchContext> = {}): EmptyBatchContext => ({
  safe,
  l1Blocks: [l1(100, 1_000), l1(101, 1_012)],
  origin: l1(3_701, 50_000),
  outOfData: false,
  ...overrides,
});

describe("empty batches", () => {
  test("bedrock: past the sequencing window an empty batch for the next block in the epoch is made", () => {
    expect(nextEmptyBatch(rules, context())).toEqual({
      kind: "batch",
      batch: { parentHash: safe.hash, epochNum: 100, epochHash: h(100), timestamp: 1_006, transactions: [] },
    });
  });
  test("bedrock: while the window is open, nothing is forced", () => {
    expect(nextEmptyBatch(rules, context({ origin: l1(3_699, 50_000) }))).toEqual({ kind: "eof" });
  });
  test("bedrock: at exactly the window's end it is forced only once the data below is exhausted", () => {
    expect(nextEmptyBatch(rules, context({ origin: l1(3_700, 50_000) }))).toEqual({ kind: "eof" });
    expect(nextEmptyBatch(rules, context({ origin: l1(3_700, 50_000), outOfData: true })).kind).toBe("batch");
  });
  test("bedrock: with the next epoch unknown, end of data", () => {
    expect(nextEmptyBatch(rules, context({ l1Blocks: [l1(100, 1_000)] }))).toEqual({ kind: "eof" });
  });
  test("bedrock: once the next block reaches the next epoch's time, the epoch advances", () => {
    const late = { ...safe, timestamp: 1_010 };
    expect(nextEmptyBatch(rules, context({ safe: late }))).toEqual({ kind: "advance-epoch" });
  });
  test("bedrock: the first block of an epoch is made even at the next epoch's time", () => {
    const previousEpoch = { ...safe, timestamp: 1_014, l1origin: { hash: h(99), number: 99 } };
    expect(nextEmptyBatch(rules, context({ safe: previousEpoch })).kind).toBe("batch");
  });
});
