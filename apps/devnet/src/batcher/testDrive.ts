// Drives a batcher against a test anvil as the devnet's fast clock does (imported only by tests):
// step, then mine one L1 block, until every L2 block has landed.
import type { Batcher, StepReport } from "./batcher.ts";
import type { TestL1 } from "./testInbox.ts";

/** Steps and mines until `postedThrough` reaches `l2Head`; every step's report, in order. */
export async function stepAndMine(
  batcher: Batcher,
  anvil: TestL1,
  l2Head: number,
  maxSteps = 30,
): Promise<StepReport[]> {
  const reports: StepReport[] = [];
  for (let i = 0; i < maxSteps; i++) {
    const report = await batcher.step();
    reports.push(report);
    if (report.postedThrough >= l2Head && report.pendingTransactions === 0) return reports;
    await anvil.rpc("evm_mine");
  }
  throw new Error(`L2 block ${l2Head} not posted after ${maxSteps} steps: ${JSON.stringify(reports.at(-1))}`);
}
