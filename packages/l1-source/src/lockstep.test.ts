// Lockstep without coupling: chains reading the same L1 range share every fetch whatever their
// spread, and a paused chain never holds the others back.
import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { type Anvil, startAnvil } from "@supernode/test-helpers/anvil";
import { L1Client } from "./l1Client.ts";
import { RpcClient } from "./rpc/rpcClient.ts";
import { startTestProxy, type TestProxy } from "./testing/testProxy.ts";

let anvil: Anvil;
let proxy: TestProxy;
const BLOCKS = 150;

beforeAll(async () => {
  anvil = await startAnvil();
  await anvil.rpc("anvil_mine", [`0x${BLOCKS.toString(16)}`]);
  proxy = startTestProxy(anvil.url);
});
afterAll(async () => {
  proxy.stop();
  await anvil.stop();
});

/** A chain reading L1 block by block: header, transactions, receipts. */
async function readBlock(l1: L1Client, number: number): Promise<void> {
  const header = await l1.headerByNumber(number);
  await Promise.all([l1.transactions(header.hash), l1.receipts(header.hash)]);
}

describe("lockstep without coupling", () => {
  test("four chains at staggered positions fetch each block once", async () => {
    const l1 = new L1Client(new RpcClient({ url: proxy.url }), { cacheBlocks: 400 });
    const before = proxy.requests;
    const calls = new Map(proxy.calls);
    await Promise.all(
      [0, 10, 25, 40].map(async (start) => {
        for (let n = start; n <= BLOCKS; n++) await readBlock(l1, n);
        for (let n = 0; n < start; n++) await readBlock(l1, n);
      }),
    );
    const byNumber =
      (proxy.calls.get("eth_getBlockByNumber") ?? 0) - (calls.get("eth_getBlockByNumber") ?? 0);
    expect(byNumber).toBe(BLOCKS + 1);
    const receipts =
      (proxy.calls.get("eth_getBlockReceipts") ?? 0) - (calls.get("eth_getBlockReceipts") ?? 0);
    expect(receipts).toBe(BLOCKS + 1);
    expect(proxy.requests - before).toBeLessThanOrEqual(3 * (BLOCKS + 1));
  });

  test("a paused chain does not hold the others back, and reads behind the window uncached", async () => {
    const l1 = new L1Client(new RpcClient({ url: proxy.url }), { cacheBlocks: 40, windowBlocks: 20 });
    let release: () => void = () => {};
    const paused = new Promise<void>((resolve) => {
      release = resolve;
    });
    const progress = [0, 0, 0, 0];
    const reader = async (index: number) => {
      for (let n = 0; n <= BLOCKS; n++) {
        if (index === 3 && n === 5) await paused;
        await readBlock(l1, n);
        progress[index] = n;
      }
    };
    const others = Promise.all([0, 1, 2].map(reader));
    const lagging = reader(3);
    // The three others finish all blocks while the fourth waits at block 5.
    await others;
    expect(progress.slice(0, 3)).toEqual([BLOCKS, BLOCKS, BLOCKS]);
    expect(progress[3]).toBe(4);
    // Released, it reads far behind the shared window: not cached, so the cache keeps the front.
    const cachedBefore = l1.cacheStats.receipts.entries;
    release();
    await lagging;
    expect(progress[3]).toBe(BLOCKS);
    expect(l1.inWindow(10)).toBe(false);
    expect(l1.cacheStats.receipts.entries).toBeLessThanOrEqual(Math.max(cachedBefore, 40));
  });
});
