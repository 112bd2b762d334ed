// The devnet, fast clock, blobs + brotli span batches: 200 blocks on each chain, batched; the
// batches on L1 give back every block; L1 deposits (from an EOA and from a contract, aliased)
// landed in the right L2 blocks; executing messages point at real logs of the other chain.
import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { applyL1ToL2Alias } from "@supernode/protocol";
import { Devnet } from "./devnet.ts";
import { devAddress } from "./l1/devnetL1.ts";
import { checkDeposits, followExecutingMessage, tickUntilBatched } from "./test/devnetChecks.ts";

let devnet: Devnet;
const BLOCKS = 200;

beforeAll(async () => {
  devnet = await Devnet.start({ clock: "fast", dataMode: "blobs", compression: "brotli" });
  await devnet.produce(BLOCKS);
}, 90_000);

afterAll(async () => {
  await devnet?.stop();
});

describe("devnet: blobs + brotli", () => {
  test("200 blocks per chain; the batches on L1 derive every one of them", async () => {
    const walks = await tickUntilBatched(devnet, BLOCKS);
    for (const [i, walk] of walks.entries()) {
      expect(walk.problems).toEqual([]);
      expect(walk.derived.length).toBeGreaterThanOrEqual(BLOCKS);
      expect(walk.derived.slice(0, BLOCKS)).toEqual(Array.from({ length: BLOCKS }, (_, k) => k + 1));
      expect(devnet.runtimes[i]?.chain.rollup.blockTime).toBe(i === 0 ? 1 : 2);
    }
  }, 60_000);

  test("L1 deposits land with their source hash and mint; a contract depositor is aliased", async () => {
    for (const runtime of devnet.runtimes) {
      const deposits = await checkDeposits(devnet, runtime);
      const froms = deposits.map((d) => d.from.toLowerCase());
      expect(froms).toContain(devAddress(7));
      expect(froms.some((from) => from !== devAddress(7))).toBe(true);
      const contract = devnet.contracts[
        devnet.runtimes.indexOf(runtime)
      ]?.depositor.toLowerCase() as `0x${string}`;
      expect(froms).toContain(applyL1ToL2Alias(contract).toLowerCase());
      expect(deposits.every((d) => d.mint > 0n)).toBe(true);
    }
  }, 60_000);

  test("executing messages carry an ExecutingMessage log whose identifier points at a real log of the other chain", async () => {
    const sent = devnet.traffic?.interop.sent ?? [];
    expect(sent.length).toBeGreaterThan(10);
    for (const message of sent.slice(0, 20)) {
      const finding = await followExecutingMessage(devnet, message.chainId, message.txHash);
      expect(finding?.pointsAtRealLog).toBe(true);
      expect(finding?.identifier.chainId).not.toBe(message.chainId);
    }
  }, 60_000);
});
