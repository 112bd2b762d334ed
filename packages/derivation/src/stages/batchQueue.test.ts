// The pre-Holocene batch queue, one test per rule (reference/derivation.md §1.6a), on fakes.
import { describe, expect, test } from "bun:test";
import { type BatchData, buildRawSpanBatch, hexToBytes, type SingularBatch } from "@supernode/protocol";
import { testBatchRules, testHash, testL1, testSafe } from "../batches/testRules.ts";
import { BatchQueue } from "./batchQueue.ts";
import { childOf, FakeBatchSource, singularRead, testEpoch } from "./testBatchSource.ts";

const rules = testBatchRules({ deltaTime: 0 });
const chain = { genesisTimestamp: 0, blockTime: 2, chainId: 10n };
const epoch = testEpoch;
const nextEpoch = testL1(101, 1_012);
const tx = new Uint8Array([0x02, 0xc0]);

const noSafeChain = { blockByNumber: async () => null };
const singular = (timestamp: number, overrides: Partial<SingularBatch> = {}) =>
  singularRead(timestamp, [tx], overrides);
const child = childOf;

function setup() {
  const source = new FakeBatchSource();
  const queue = new BatchQueue(source, rules, chain, noSafeChain);
  queue.reset(epoch);
  return { source, queue };
}

describe("batch queue", () => {
  test("bedrock: the batch for the next block is accepted", async () => {
    const { source, queue } = setup();
    source.items.push(singular(1_006));
    expect((await queue.nextBatch(testSafe))?.timestamp).toBe(1_006);
  });

  test("bedrock: batches are judged in inclusion order; a future one waits for its turn, a bad one is dropped", async () => {
    const { source, queue } = setup();
    source.items.push(
      singular(1_008, { parentHash: testHash(0x500 + 50) }),
      singular(1_006, { parentHash: testHash(1) }),
      singular(1_006),
    );
    const first = (await queue.nextBatch(testSafe)) as SingularBatch;
    expect(first.timestamp).toBe(1_006);
    const next = await queue.nextBatch(child(testSafe, first));
    expect(next?.timestamp).toBe(1_008);
  });

  test("bedrock: an undecided batch stops the search until more L1 data arrives", async () => {
    const { source, queue } = setup();
    source.items.push(singular(1_006, { epochNum: 101, epochHash: nextEpoch.hash }), singular(1_006));
    expect(await queue.nextBatch({ ...testSafe })).toBeNull(); // the next epoch is not known yet
  });

  test("delta: an accepted span batch is handed out block by block with the parent filled in", async () => {
    const { source, queue } = setup();
    const raw = buildRawSpanBatch(
      [
        { timestamp: 1_006, epochNum: 100, transactions: [] },
        { timestamp: 1_008, epochNum: 100, transactions: [] },
      ],
      { ...chain, parentHash: hexToBytes(testSafe.hash), lastL1OriginHash: hexToBytes(epoch.hash) },
    );
    source.items.push({ batch: { type: "span", batch: raw } as BatchData, l1: testL1(101, 1_012) });
    const first = (await queue.nextBatch(testSafe)) as SingularBatch;
    expect([first.timestamp, first.parentHash, first.epochHash]).toEqual([1_006, testSafe.hash, epoch.hash]);
    const parent = child(testSafe, first);
    const second = await queue.nextBatch(parent);
    expect([second?.timestamp, second?.parentHash]).toEqual([1_008, parent.hash]);
  });

  test("bedrock: with no batch and the sequencing window expired, an empty batch keeps the chain moving", async () => {
    const { source, queue } = setup();
    source.origin = nextEpoch;
    await queue.nextBatch(testSafe); // the queue sees the next epoch
    source.origin = testL1(3_701, 50_000);
    const empty = await queue.nextBatch(testSafe);
    expect(empty).toEqual({
      parentHash: testSafe.hash,
      epochNum: 100,
      epochHash: epoch.hash,
      timestamp: 1_006,
      transactions: [],
    });
  });

  test("bedrock: the queue's L1 origins follow the traversal and drop those older than the safe head's epoch", async () => {
    const { source, queue } = setup();
    source.origin = nextEpoch;
    await queue.nextBatch(testSafe);
    expect(queue.l1Blocks.map((b) => b.number)).toEqual([100, 101]);
    const inNextEpoch = { ...testSafe, l1origin: { hash: nextEpoch.hash, number: 101 } };
    await queue.nextBatch(inNextEpoch);
    expect(queue.l1Blocks.map((b) => b.number)).toEqual([101]);
  });
});
