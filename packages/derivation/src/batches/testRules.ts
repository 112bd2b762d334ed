// The batch rules the validity tests use: 2 s blocks, OP's sequencing window and drift.
import { ForkSchedule } from "@supernode/protocol";
import type { BatchRules } from "./singularBatchValidity.ts";

export const testBatchRules = (hardforks: Record<string, number>): BatchRules => ({
  forks: new ForkSchedule({ blockTime: 2, hardforks }),
  blockTime: 2,
  seqWindowSize: 3600,
  maxSequencerDrift: 600,
});
