// The batch rules the validity tests use: 2 s blocks, OP's sequencing window and drift.
import { ForkSchedule, type Hash, type L1BlockRef, type L2BlockRef } from "@supernode/protocol";
import type { BatchRules } from "./singularBatchValidity.ts";

export const testBatchRules = (hardforks: Record<string, number>): BatchRules => ({
  forks: new ForkSchedule({ blockTime: 2, hardforks }),
  blockTime: 2,
  seqWindowSize: 3600,
  maxSequencerDrift: 600,
});

/** Hashes and L1 blocks by number, and a safe head (block 50 at 1004 s in epoch 100 at 1000 s). */
export const testHash = (n: number): Hash => `0x${n.toString(16).padStart(64, "0")}`;
export const testL1 = (number: number, timestamp: number): L1BlockRef => ({
  hash: testHash(number),
  number,
  parentHash: testHash(number - 1),
  timestamp,
});
export const testSafe: L2BlockRef = {
  hash: testHash(0xaa),
  number: 50,
  parentHash: testHash(0xa9),
  timestamp: 1_004,
  l1origin: { hash: testHash(100), number: 100 },
  sequenceNumber: 2,
};
