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

  test("a chain paused for 100 L1 blocks leaves the other three at their rate, and reads behind the window uncached", async () => {
    const l1 = new L1Client(new RpcClient({ url: proxy.url }), { cacheBlocks: 40, windowBlocks: 20 });
    const receiptsFetched = () => proxy.calls.get("eth_getBlockReceipts") ?? 0;
    const fetchedBefore = receiptsFetched();
    let release: () => void = () => {};
    const paused = new Promise<void>((resolve) => {
      release = resolve;
    });
    const progress = [0, 0, 0, 0];
    // What the world looked like when the paused reader was let go.
    const atRelease: { lagging: number; fetched: number; front: number }[] = [];
    const reader = async (index: number) => {
      for (let n = 0; n <= BLOCKS; n++) {
        if (index === 3 && n === 5) await paused;
        await readBlock(l1, n);
        progress[index] = n;
        // Once the three others are 100 blocks past the paused one, let it go.
        if (index < 3 && atRelease.length === 0 && Math.min(...progress.slice(0, 3)) >= 105) {
          atRelease.push({
            lagging: progress[3] as number,
            fetched: receiptsFetched() - fetchedBefore,
            front: n,
          });
          release();
        }
      }
    };
    const others = Promise.all([0, 1, 2].map(reader));
    const lagging = reader(3);
    await others;
    expect(progress.slice(0, 3)).toEqual([BLOCKS, BLOCKS, BLOCKS]);
    // While it was paused the others went on at one upstream fetch per block, as if alone.
    const [released] = atRelease;
    expect(released?.lagging).toBe(4);
    expect(released?.fetched).toBeGreaterThanOrEqual(106);
    expect(released?.fetched).toBeLessThanOrEqual((released?.front ?? 0) + 2);
    // Released, it reads far behind the shared window: not cached, so the cache keeps the front.
    const cachedBefore = l1.cacheStats.receipts.entries;
    await lagging;
    expect(progress[3]).toBe(BLOCKS);
    expect(l1.inWindow(10)).toBe(false);
    expect(l1.cacheStats.receipts.entries).toBeLessThanOrEqual(Math.max(cachedBefore, 40));
  });
});
