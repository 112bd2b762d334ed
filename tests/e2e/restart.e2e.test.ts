// The compiled supernode SIGKILLed mid-run and started again on the same data dir, ports and
// engines: each chain resumes from where its SafeDB and engine left off — the first block it
// derives is within one channel-timeout window (in L2 blocks) of the last local-safe before the
// kill, exactly above the engine's safe head, and nothing below is derived again — and its
// replicas then match the sequencers. The followers poll through the kill and the restart:
// finalized never moves back, and nothing half-built is ever served.
import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { SafeDB, safeDBPath } from "@supernode/derivation";
import { E2ENetwork } from "./support/e2eNetwork.ts";

let net: E2ENetwork;

beforeAll(async () => {
  // Calldata: what is tested here is the restart, and calldata batches cost the devnet least.
  net = await E2ENetwork.startRunning({ dataMode: "calldata", compression: "zlib" });
}, 120_000);

afterAll(async () => {
  await net?.stop();
}, 30_000);

/** One channel timeout (L1 blocks) in L2 blocks of the chain. */
function channelTimeoutWindow(id: string): number {
  const { rollup } = net.chain(id).runtime.chain;
  return (rollup.channelTimeout * net.devnet.l1.blockTime) / rollup.blockTime;
}

describe("supernode binary on the devnet: SIGKILL and restart", () => {
  test("restarted on the same data dir, it resumes from its SafeDB and matches the sequencers", async () => {
    // Far enough that "within one channel-timeout window" rules out starting over from genesis.
    const targets = new Map(net.chains.map((c) => [c.id, channelTimeoutWindow(c.id) + 10]));
    await net.drive(
      (statuses) =>
        [...targets].every(([id, target]) => (statuses.get(id)?.local_safe_l2.number ?? 0) >= target),
      { maxTicks: 400 },
    );
    const first = net.supernode;
    if (!first) throw new Error("no supernode");
    await first.kill("SIGKILL");

    const lastLocalSafe = new Map<string, number>();
    const engineSafe = new Map<string, number>();
    for (const chain of net.chains) {
      const { rollup } = chain.runtime.chain;
      const db = SafeDB.open(safeDBPath(net.dataDir, rollup.l2ChainId), {
        chainId: rollup.l2ChainId,
        genesisHash: rollup.genesis.l2.hash,
      });
      lastLocalSafe.set(chain.id, db.lastEntry()?.safeHead.number ?? 0);
      db.close();
      engineSafe.set(chain.id, (await chain.replicaReader.blockRef("safe"))?.number ?? 0);
      expect(lastLocalSafe.get(chain.id)).toBeGreaterThanOrEqual(targets.get(chain.id) ?? 0);
    }
    // The chains go on while it is down.
    for (let i = 0; i < 20; i++) await net.devnet.tick();

    const second = await net.startSupernode();
    const after = await net.drive(
      (statuses) =>
        [...lastLocalSafe].every(([id, last]) => (statuses.get(id)?.local_safe_l2.number ?? 0) >= last + 20),
      { maxTicks: 200 },
    );
    const reports = await net.stopFollowers();

    for (const chain of net.chains) {
      const last = lastLocalSafe.get(chain.id) ?? 0;
      // Where derivation resumed: the start reset names the safe head it builds on.
      const reset = second.logs.find(
        (line) => line.msg === "derivation reset" && line.chain_id === chain.id && line.cause === "start",
      );
      expect(reset).toBeDefined();
      const firstDerived = (reset?.safe as number) + 1;
      expect(firstDerived).toBeGreaterThanOrEqual(last - channelTimeoutWindow(chain.id));
      expect(firstDerived).toBe((engineSafe.get(chain.id) ?? 0) + 1);
      // Nothing below was derived again: the blocks derived since the restart are those above it.
      const status = after.get(chain.id);
      const localSafe = status?.local_safe_l2.number ?? 0;
      const derived =
        (await net.metric("supernode_derivation_l2_blocks_total", { chain_id: chain.id, how: "built" })) +
        (await net.metric("supernode_derivation_l2_blocks_total", {
          chain_id: chain.id,
          how: "consolidated",
        }));
      expect(derived).toBeGreaterThan(0);
      // It derives on meanwhile: the local-safe head read after the counters bounds them.
      const localSafeNow = (await net.statuses()).get(chain.id)?.local_safe_l2.number ?? 0;
      expect(derived).toBeLessThanOrEqual(localSafeNow - firstDerived + 1);
      expect(await net.replicaMismatches(chain.id, 1, localSafe)).toEqual([]);
      expect(await net.reportedMismatches(chain.id)).toEqual([]);
    }
    for (const report of reports) {
      expect(report.violations).toEqual([]);
      expect(report.polls).toBeGreaterThan(10);
      // It was down for a while: the followers saw refused connections or a held-then-503.
      expect(report.unreachable + report.unavailable).toBeGreaterThan(0);
    }
  }, 240_000);
});
