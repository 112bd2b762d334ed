// One reproduce file's worth: the binary on a devnet with the given batcher settings, driven until
// both chains are local-safe at `blocks` or more, then every height's block in the replica
// engines, and every local-safe and safe head the supernode reported on the way, is the
// sequencer's; the output root at the safe head is the sequencer's; the followers saw nothing
// wrong. The supernode runs no interop authority, so safe follows local-safe on every chain.
import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import type { Hash } from "@supernode/protocol";
import { E2ENetwork, type E2EOptions } from "./e2eNetwork.ts";

export function describeReproduce(title: string, options: E2EOptions, blocks = 200): void {
  let net: E2ENetwork;
  beforeAll(async () => {
    net = await E2ENetwork.startRunning(options);
  }, 120_000);
  afterAll(async () => {
    await net?.stop();
  }, 30_000);

  describe(`supernode binary on the devnet: ${title}`, () => {
    test(`local-safe and safe are the sequencers' blocks at every height up to ≥ ${blocks} per chain`, async () => {
      const statuses = await net.driveToLocalSafe(blocks, blocks * 3);
      const reports = await net.stopFollowers();
      for (const chain of net.chains) {
        const status = statuses.get(chain.id);
        expect(status?.local_safe_l2.number).toBeGreaterThanOrEqual(blocks);
        expect(status?.safe_l2.number).toBeGreaterThanOrEqual(blocks);
        const top = status?.local_safe_l2.number ?? 0;
        expect(await net.replicaMismatches(chain.id, 1, top)).toEqual([]);
        expect(await net.reportedMismatches(chain.id)).toEqual([]);
        expect(chain.seen.size).toBeGreaterThan(10);
        const safe = status?.safe_l2.number ?? 0;
        const output = await net.rpc<{ outputRoot: Hash }>(`/${chain.id}`, "optimism_outputAtBlock", [
          `0x${safe.toString(16)}`,
        ]);
        expect(output.outputRoot).toBe((await chain.runtime.reader.output(safe))?.outputRoot as Hash);
      }
      for (const report of reports) {
        expect(report.violations).toEqual([]);
        expect(report.polls).toBeGreaterThan(10);
        expect(report.unreachable).toBe(0);
      }
    }, 240_000);
  });
}
