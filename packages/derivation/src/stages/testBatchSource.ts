// Test doubles for the batch stages: a batch source over a list (it counts channel flushes), a
// singular batch on the shared safe head in epoch 100 included at L1 block 101, and the L2 block a
// batch makes on a parent.
import type { L1BlockRef, L2BlockRef, SingularBatch } from "@supernode/protocol";
import { testHash, testL1, testSafe } from "../batches/testRules.ts";
import type { FlushableBatchSource } from "./batchStage.ts";
import type { ReadBatch } from "./channelReader.ts";

export const testEpoch = testL1(100, 1_000);
export const testInclusion = testL1(101, 1_012);

export class FakeBatchSource implements FlushableBatchSource {
  items: ReadBatch[] = [];
  flushes = 0;
  origin: L1BlockRef | null = testEpoch;

  async next(): Promise<ReadBatch | null> {
    return this.items.shift() ?? null;
  }

  flushChannel(): void {
    this.flushes++;
  }
}

export const singularRead = (
  timestamp: number,
  transactions: Uint8Array[],
  overrides: Partial<SingularBatch> = {},
): ReadBatch => ({
  batch: {
    type: "singular",
    batch: {
      parentHash: testSafe.hash,
      epochNum: 100,
      epochHash: testEpoch.hash,
      timestamp,
      transactions,
      ...overrides,
    },
  },
  l1: testInclusion,
});

export const childOf = (parent: L2BlockRef, batch: SingularBatch): L2BlockRef => ({
  hash: testHash(parent.number + 0x500),
  number: parent.number + 1,
  parentHash: parent.hash,
  timestamp: batch.timestamp,
  l1origin: { hash: batch.epochHash, number: batch.epochNum },
  sequenceNumber: 0,
});
