import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { type Anvil, startAnvil } from "@supernode/test-helpers/anvil";
import { type HeadEvent, HeadTracker } from "./headTracker.ts";
import { L1Client } from "./l1Client.ts";
import { RpcClient } from "./rpc/rpcClient.ts";

let anvil: Anvil;
beforeAll(async () => {
  anvil = await startAnvil();
});
afterAll(async () => {
  await anvil.stop();
});

describe("head tracker", () => {
  test("follows new heads, reports a reorg where it starts, and labels", async () => {
    const tracker = new HeadTracker(new L1Client(new RpcClient({ url: anvil.url })));
    const events: HeadEvent[] = [];
    tracker.subscribe((event) => events.push(event));
    await anvil.rpc("anvil_mine", ["0x5"]);
    await tracker.poll();
    expect(tracker.latest?.number).toBe(5);
    for (let i = 0; i < 3; i++) {
      await anvil.rpc("evm_mine", []);
      await tracker.poll();
    }
    expect(tracker.latest?.number).toBe(8);
    expect(events.some((e) => e.type === "reorg")).toBe(false);

    // Replace the last 2 blocks (7 and 8) with 2 new ones.
    const oldHead = tracker.latest;
    await anvil.rpc("anvil_reorg", [2, []]);
    await tracker.poll();
    const reorg = events.find((e) => e.type === "reorg");
    expect(reorg).toBeDefined();
    if (reorg?.type !== "reorg") throw new Error("no reorg event");
    expect(reorg.fromNumber).toBe(7);
    expect(reorg.oldHead).toEqual(oldHead!);
    expect(reorg.newHead.number).toBe(8);
    expect(tracker.latest?.hash).toBe(reorg.newHead.hash);
    expect(events.some((e) => e.type === "finalized")).toBe(true);

    // A deeper reorg that happens between two polls, with the new chain longer than the old.
    events.length = 0;
    await anvil.rpc("anvil_reorg", [3, []]);
    await anvil.rpc("anvil_mine", ["0x4"]);
    await tracker.poll();
    const gapReorg = events.find((e) => e.type === "reorg");
    if (gapReorg?.type !== "reorg") throw new Error("no reorg event after a gap");
    expect(gapReorg.fromNumber).toBe(6);
    expect(tracker.latest?.number).toBe(12);
  });

  test("a reorg between polls onto a longer chain is seen although the old head was read by number", async () => {
    // Its own chain: the scenario starts from genesis.
    const own = await startAnvil();
    try {
      const l1 = new L1Client(new RpcClient({ url: own.url }));
      const tracker = new HeadTracker(l1);
      const events: HeadEvent[] = [];
      tracker.subscribe((event) => events.push(event));
      await own.rpc("anvil_mine", ["0x8"]);
      await tracker.poll();
      // Puts block 8 in the client's number → hash index.
      const replaced = await l1.headerByNumber(8);
      await own.rpc("anvil_reorg", [3, []]);
      await own.rpc("anvil_mine", ["0x4"]);
      await tracker.poll();
      const reorg = events.find((e) => e.type === "reorg");
      if (reorg?.type !== "reorg") throw new Error("no reorg event");
      expect(reorg.fromNumber).toBe(6);
      expect(reorg.oldHead.hash).toBe(replaced.hash);
      expect(reorg.newHead.number).toBe(12);
      const canonical = await own.rpc<{ hash: string }>("eth_getBlockByNumber", ["0x8", false]);
      expect(canonical.hash).not.toBe(replaced.hash);
      expect((await l1.headerByNumber(8)).hash).toBe(canonical.hash as `0x${string}`);
    } finally {
      await own.stop();
    }
  });
});
