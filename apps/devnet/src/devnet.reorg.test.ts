// An L1 reorg of depth 3 after batches landed: the batchers re-post what it removed and the
// batches on the new canonical chain again derive every block; slots still line up with block
// numbers (every blob is found by block number and matches its versioned hash); L1 finality
// never moves backwards.
import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import type { Hash, Hex } from "@supernode/protocol";
import { Devnet } from "./devnet.ts";
import { tickUntilBatched, walkBatches } from "./test/devnetChecks.ts";

let devnet: Devnet;
const BLOCKS = 40;

interface RpcBlock {
  number: Hex;
  hash: Hash;
  timestamp: Hex;
}

const block = (tag: string) => devnet.l1.anvil.rpc<RpcBlock>("eth_getBlockByNumber", [tag, false]);

beforeAll(async () => {
  devnet = await Devnet.start({ clock: "fast", traffic: { depositEvery: 0 } });
  await devnet.produce(BLOCKS);
}, 60_000);

afterAll(async () => {
  await devnet?.stop();
});

describe("devnet: L1 reorg", () => {
  test("depth 3 after batches landed: re-posted, every block derived again, slots aligned, finality monotonic", async () => {
    const before = await tickUntilBatched(devnet, BLOCKS);
    for (const walk of before) expect(walk.problems).toEqual([]);
    // Batches must sit in the blocks the reorg replaces, or it proves nothing.
    const head = Number((await block("latest")).number);
    const inReorgedBlocks = await Promise.all(
      [head - 2, head - 1, head].map(async (n) => {
        const b = await devnet.l1.anvil.rpc<{ transactions: { to: string | null }[] }>(
          "eth_getBlockByNumber",
          [`0x${n.toString(16)}`, true],
        );
        return b.transactions.filter((tx) => tx.to?.startsWith("0xff")).length;
      }),
    );
    expect(inReorgedBlocks.reduce((a, b) => a + b, 0)).toBeGreaterThan(0);

    const finalized = await block("finalized");
    const replaced = await block(`0x${(head - 1).toString(16)}`);
    await devnet.l1.reorg(3);
    expect((await block(`0x${(head - 1).toString(16)}`)).hash).not.toBe(replaced.hash);

    let lastFinalized = Number(finalized.number);
    const finalizedHashes = new Map<number, Hash>([[lastFinalized, finalized.hash]]);
    for (let i = 0; i < 40; i++) {
      await devnet.tick();
      const now = await block("finalized");
      expect(Number(now.number)).toBeGreaterThanOrEqual(lastFinalized);
      lastFinalized = Number(now.number);
      finalizedHashes.set(lastFinalized, now.hash);
    }
    for (const [number, hash] of finalizedHashes)
      expect((await block(`0x${number.toString(16)}`)).hash).toBe(hash);

    const target = Math.min(...devnet.runtimes.map((r) => r.sequencer.head.number)) - 10;
    const after = await tickUntilBatched(devnet, target);
    for (const walk of after) {
      expect(walk.problems).toEqual([]);
      expect(walk.derived.slice(0, target)).toEqual(Array.from({ length: target }, (_, k) => k + 1));
    }
    // Slot n is block n: every block's time is the genesis time plus n slots.
    const latest = Number((await block("latest")).number);
    for (let n = 0; n <= latest; n++)
      expect(Number((await block(`0x${n.toString(16)}`)).timestamp)).toBe(devnet.l1.timeOf(n));
    // And the blobs of the new chain are found by block number (walkBatches checks their hashes).
    expect(
      (await walkBatches(devnet, devnet.runtimes[0] as (typeof devnet.runtimes)[number])).problems,
    ).toEqual([]);
  }, 80_000);
});
