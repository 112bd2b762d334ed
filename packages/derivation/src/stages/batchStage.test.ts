// The Holocene batch stage, one test per rule (reference/derivation.md §1.6b), on fakes.
import { describe, expect, test } from "bun:test";
import { type BatchData, buildRawSpanBatch, hexToBytes, type SingularBatch } from "@supernode/protocol";
import { privateKeyToAccount } from "viem/accounts";
import { testBatchRules, testHash, testL1, testSafe } from "../batches/testRules.ts";
import { BatchStage } from "./batchStage.ts";
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
const user = privateKeyToAccount("0x59c6995e998f97a5a0044966f0945389dc9e86dae88c7a8412f4603b6b78690d");
const signed = async (nonce: number) =>
  hexToBytes(
    await user.signTransaction({
      chainId: 10,
      type: "eip1559",
      nonce,
      to: user.address,
      value: 0n,
      gas: 21_000n,
      maxFeePerGas: 1n,
      maxPriorityFeePerGas: 1n,
    }),
  );
const tx = await signed(0);
const tx2 = await signed(1);

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

function setup() {
  const source = new FakeBatchSource();
  const stage = new BatchStage(source, rules, chain, safeChain);
  stage.reset(epoch);
  return { source, stage };
}

describe("holocene batch stage", () => {
  test("holocene: the batch for the next block is accepted as it arrives", async () => {
    const { source, stage } = setup();
    source.items.push(singular(1_006));
    expect((await stage.nextBatch(testSafe))?.timestamp).toBe(1_006);
  });

  test("holocene: a future batch is dropped (no buffering) and its channel flushed", async () => {
    const { source, stage } = setup();
    source.items.push(singular(1_008), singular(1_006));
    expect((await stage.nextBatch(testSafe))?.timestamp).toBe(1_006);
    expect(source.flushes).toBe(1);
  });

  test("holocene: a batch at or before the safe head is past: skipped, nothing flushed", async () => {
    const { source, stage } = setup();
    source.items.push(singular(1_004), singular(1_006));
    expect((await stage.nextBatch(testSafe))?.timestamp).toBe(1_006);
    expect(source.flushes).toBe(0);
  });

  test("holocene: an undecided batch is held and judged again first", async () => {
    const { source, stage } = setup();
    source.items.push(singular(1_006, { epochNum: 101, epochHash: testL1(101, 1_006).hash }));
    expect(await stage.nextBatch(testSafe)).toBeNull();
    source.origin = testL1(101, 1_006);
    expect((await stage.nextBatch(testSafe))?.epochNum).toBe(101);
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
    const first = (await stage.nextBatch(testSafe)) as SingularBatch;
    expect(first.timestamp).toBe(1_006);
    const second = await stage.nextBatch(child(testSafe, first));
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
    const first = (await stage.nextBatch(testSafe)) as SingularBatch;
    expect(first.timestamp).toBe(1_006);
    expect(await stage.nextBatch(child(testSafe, first))).toBeNull();
    expect(source.flushes).toBe(1);
  });

  test("holocene: a span whose prefix fails (parent check) is dropped and its channel flushed", async () => {
    const { source, stage } = setup();
    source.items.push(
      spanItem([{ timestamp: 1_006, transactions: [tx] }], `0x${"07".repeat(32)}`),
      singular(1_006),
    );
    expect((await stage.nextBatch(testSafe))?.timestamp).toBe(1_006);
    expect(source.flushes).toBe(1);
  });
});
