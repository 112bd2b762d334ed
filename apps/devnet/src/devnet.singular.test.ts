// The devnet, fast clock, singular batches, on the fork schedule with Holocene (and Isthmus)
// activating mid-run: 200 blocks on each chain, the batches give back every block, and the
// activation blocks were built by the rules of their fork.
import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { ForkSchedule } from "@supernode/protocol";
import { Devnet } from "./devnet.ts";
import { tickUntilBatched } from "./test/devnetChecks.ts";

let devnet: Devnet;
const BLOCKS = 200;

beforeAll(async () => {
  devnet = await Devnet.start({ clock: "fast", batchType: "singular", forks: "holocene-mid-run" });
  await devnet.produce(BLOCKS);
}, 90_000);

afterAll(async () => {
  await devnet?.stop();
});

describe("devnet: singular batches, Holocene mid-run", () => {
  test("200 blocks per chain; the singular batches derive every one of them", async () => {
    const walks = await tickUntilBatched(devnet, BLOCKS);
    for (const walk of walks) {
      expect(walk.problems).toEqual([]);
      expect(walk.derived.slice(0, BLOCKS)).toEqual(Array.from({ length: BLOCKS }, (_, k) => k + 1));
    }
  }, 60_000);

  test("Holocene activates mid-run: extraData carries EIP-1559 params from its first block on", async () => {
    for (const runtime of devnet.runtimes) {
      const forks = new ForkSchedule(runtime.chain.rollup);
      const holocene = runtime.chain.rollup.hardforks.holoceneTime as number;
      expect(forks.isHolocene(runtime.chain.rollup.genesis.l2Time)).toBe(false);
      const first = (holocene - runtime.chain.rollup.genesis.l2Time) / runtime.chain.rollup.blockTime;
      const before = await runtime.reader.block(first - 1);
      const at = await runtime.reader.block(first);
      expect(before?.header.extraData).toBe("0x");
      // Holocene extraData: version 0 ‖ denominator u32 ‖ elasticity u32 (Canyon constants here).
      expect(at?.header.extraData).toBe("0x00000000fa00000006");
      expect(at?.header.withdrawalsRoot).toBeDefined();
    }
  }, 30_000);
});
