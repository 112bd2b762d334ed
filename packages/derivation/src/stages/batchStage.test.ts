// The Holocene batch stage, one test per rule (reference/derivation.md §1.6b), on fakes.
import { describe, expect, test } from "bun:test";
import {
  type BatchData,
  buildRawSpanBatch,
  hexToBytes,
  type L2BlockRef,
  type SingularBatch,
} from "@supernode/protocol";
import { testBatchRules, testHash, testL1, testSafe } from "../batches/testRules.ts";
import { DerivationError } from "../errors.ts";
import { signedTransfer } from "../testTransactions.ts";
import { BatchStage, NOT_ENOUGH_DATA } from "./batchStage.ts";
import type { ReadBatch } from "./channelReader.ts";
import { childOf, FakeBatchSource, singularRead, testEpoch, testInclusion } from "./testBatchSource.ts";

const holocene = {
  canyonTime: 0,
  deltaTime: 0,
  ecotoneTime: 0,
  fjordTime: 0,
  graniteTime: 0,
  holoceneTime: 0,
};
const rules = testBatchRules(holocene);
const chain = { genesisTimestamp: 0, blockTime: 2, chainId: 10n };
const epoch = testEpoch;
const inclusion = testInclusion;
const tx = await signedTransfer(0, 10);
const tx2 = await signedTransfer(1, 10);

const singular = (timestamp: number, overrides: Partial<SingularBatch> = {}) =>
  singularRead(timestamp, [tx], overrides);
const child = childOf;
const spanItem = (
  blocks: { timestamp: number; transactions: Uint8Array[]; epochNum?: number }[],
  parent = testSafe.hash,
  lastOrigin = epoch,
): ReadBatch => ({
  batch: {
    type: "span",
    batch: buildRawSpanBatch(
      blocks.map((b) => ({ epochNum: 100, ...b })),
      { ...chain, parentHash: hexToBytes(parent), lastL1OriginHash: hexToBytes(lastOrigin.hash) },
    ),
  } as BatchData,
  l1: inclusion,
});
const safeChain = {
  blockByNumber: async (n: number) =>
    n === 49
      ? { ref: { ...testSafe, number: 49, hash: testHash(0xa9), timestamp: 1_002 }, transactions: [] }
      : null,
};

function setup(l2 = safeChain) {
  const source = new FakeBatchSource();
  const stage = new BatchStage(source, rules, chain, l2);
  stage.reset(epoch);
  // The stages below are at the inclusion block, one after the safe head's epoch.
  source.origin = inclusion;
  return { source, stage };
}

/** Calls the stage until it decides (op-node's driver steps again on NotEnoughData). */
async function decide(stage: BatchStage, safe: L2BlockRef): Promise<SingularBatch | null> {
  for (let calls = 0; calls < 20; calls++) {
    const result = await stage.nextBatch(safe);
    if (result !== NOT_ENOUGH_DATA) return result;
  }
  throw new Error("the batch stage never decided");
}

describe("holocene batch stage", () => {
  test("holocene: the batch for the next block is accepted as it arrives", async () => {
    const { source, stage } = setup();
    source.items.push(singular(1_006));
    expect((await stage.nextBatch(testSafe)) as SingularBatch).toMatchObject({ timestamp: 1_006 });
  });

  test("holocene: a future batch is dropped (no buffering) and its channel flushed", async () => {
    const { source, stage } = setup();
    source.items.push(singular(1_008), singular(1_006));
    expect(await stage.nextBatch(testSafe)).toBe(NOT_ENOUGH_DATA);
    expect(source.flushes).toBe(1);
    expect((await decide(stage, testSafe))?.timestamp).toBe(1_006);
  });

  test("holocene: a batch at or before the safe head is past: skipped, nothing flushed", async () => {
    const { source, stage } = setup();
    source.items.push(singular(1_004), singular(1_006));
    expect(await stage.nextBatch(testSafe)).toBe(NOT_ENOUGH_DATA);
    expect((await decide(stage, testSafe))?.timestamp).toBe(1_006);
    expect(source.flushes).toBe(0);
  });

  test("holocene: while the stages below are at the safe head's epoch, their batches are read and skipped", async () => {
    const { source, stage } = setup();
    source.origin = epoch;
    source.items.push(singular(1_006));
    expect(await stage.nextBatch(testSafe)).toBeNull();
    expect(source.items).toHaveLength(0);
  });

  test("holocene: a stage that did not start at a safe head (one L1 origin buffered) is a critical error", async () => {
    const { source, stage } = setup();
    stage.reset(inclusion);
    source.items.push(singular(1_006));
    const error = await stage.nextBatch(testSafe).catch((e: unknown) => e);
    expect((error as DerivationError).kind).toBe("critical");
  });

  test("holocene: a buffered epoch that is neither the safe head's nor the next one is a reset", async () => {
    const { stage } = setup();
    const forked = { ...testSafe, l1origin: { number: 100, hash: testHash(0xf00) } };
    const error = await stage.nextBatch(forked).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(DerivationError);
    expect((error as DerivationError).kind).toBe("reset");
  });

  test("holocene: a span streams its blocks after the safe head, skipping those already safe", async () => {
    const { source, stage } = setup();
    source.items.push(
      spanItem(
        [
          { timestamp: 1_004, transactions: [] },
          { timestamp: 1_006, transactions: [tx] },
          { timestamp: 1_008, transactions: [tx] },
        ],
        testHash(0xa9),
      ),
    );
    const first = (await decide(stage, testSafe)) as SingularBatch;
    expect(first.timestamp).toBe(1_006);
    const second = await decide(stage, child(testSafe, first));
    expect([second?.timestamp, second?.parentHash]).toEqual([1_008, child(testSafe, first).hash]);
  });

  test("holocene: a span block that fails the singular rules drops the rest of the span and flushes the channel", async () => {
    const { source, stage } = setup();
    const next = testL1(101, 1_012);
    source.origin = next;
    // Block 2 moves to L1 origin 101 before that block's time: dropped, with block 3.
    source.items.push(
      spanItem(
        [
          { timestamp: 1_006, transactions: [tx] },
          { timestamp: 1_008, transactions: [tx2], epochNum: 101 },
          { timestamp: 1_010, transactions: [], epochNum: 101 },
        ],
        testSafe.hash,
        next,
      ),
    );
    const first = (await decide(stage, testSafe)) as SingularBatch;
    expect(first.timestamp).toBe(1_006);
    expect(await stage.nextBatch(child(testSafe, first))).toBe(NOT_ENOUGH_DATA);
    expect(source.flushes).toBe(1);
    expect(await decide(stage, child(testSafe, first))).toBeNull();
  });

  test("holocene: a span whose prefix fails (parent check) is dropped and its channel flushed", async () => {
    const { source, stage } = setup();
    source.items.push(
      spanItem([{ timestamp: 1_006, transactions: [tx] }], `0x${"07".repeat(32)}`),
      singular(1_006),
    );
    expect((await decide(stage, testSafe))?.timestamp).toBe(1_006);
    expect(source.flushes).toBe(1);
  });

  test("holocene: an undecided span (the safe block it overlaps cannot be read) is consumed without a flush", async () => {
    const { source, stage } = setup({ blockByNumber: async () => null });
    source.items.push(
      spanItem(
        [
          { timestamp: 1_004, transactions: [] },
          { timestamp: 1_006, transactions: [tx] },
        ],
        testHash(0xa9),
      ),
    );
    expect(await stage.nextBatch(testSafe)).toBe(NOT_ENOUGH_DATA);
    expect([source.items.length, source.flushes]).toEqual([0, 0]);
  });
});
