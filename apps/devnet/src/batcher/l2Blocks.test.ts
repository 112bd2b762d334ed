// Reading the L2 chain and following its reorgs: a changed head at the same height, a new block
// whose parent is not the last one read, a head that moved back, and one deeper than memory.
import { beforeEach, describe, expect, test } from "bun:test";
import { silentLogger } from "@supernode/protocol";
import { L2Blocks } from "./l2Blocks.ts";
import { TestL2Chain } from "./testL2Chain.ts";

let chain: TestL2Chain;
let blocks: L2Blocks;

beforeEach(async () => {
  chain = new TestL2Chain();
  await chain.extend(10);
  blocks = new L2Blocks(chain, 0, silentLogger);
});

const hashes = () => blocks.blocks.map((b) => b.hash);
const chainHashes = (from: number) => chain.blocks.slice(from).map((b) => b.hash);

describe("L2Blocks", () => {
  test("reads from after the start up to the head, then only new blocks", async () => {
    expect(await blocks.sync()).toEqual({ head: 10, loaded: 10, reorgedAfter: null });
    expect(await blocks.sync()).toEqual({ head: 10, loaded: 0, reorgedAfter: null });
    await chain.extend(3);
    expect(await blocks.sync()).toEqual({ head: 13, loaded: 3, reorgedAfter: null });
    expect(hashes()).toEqual(chainHashes(1));
    const later = new L2Blocks(chain, 8, silentLogger);
    expect((await later.sync()).loaded).toBe(5);
  });

  test("the head changed at the same height: back to the last unchanged block", async () => {
    await blocks.sync();
    await chain.reorgFrom(6, 1);
    expect(await blocks.sync()).toEqual({ head: 10, loaded: 5, reorgedAfter: 5 });
    expect(hashes()).toEqual(chainHashes(1));
  });

  test("a new block on another parent: back to the last unchanged block", async () => {
    await blocks.sync();
    await chain.reorgFrom(9, 1);
    await chain.extend(2, 1);
    expect(await blocks.sync()).toEqual({ head: 12, loaded: 4, reorgedAfter: 8 });
    expect(hashes()).toEqual(chainHashes(1));
  });

  test("the head moved back: blocks above it are dropped", async () => {
    await blocks.sync();
    chain.blocks.length = 8;
    expect(await blocks.sync()).toEqual({ head: 7, loaded: 0, reorgedAfter: 7 });
    expect(blocks.blocks.at(-1)?.number).toBe(7);
  });

  test("forgotten blocks: a reorg below them restarts from the oldest kept block", async () => {
    await blocks.sync();
    blocks.forgetBelow(6);
    expect(blocks.blocks.map((b) => b.number)).toEqual([6, 7, 8, 9, 10]);
    blocks.forgetBelow(50);
    expect(blocks.blocks.map((b) => b.number)).toEqual([10]);
    await chain.reorgFrom(3, 1);
    expect(await blocks.sync()).toEqual({ head: 10, loaded: 1, reorgedAfter: 9 });
    expect(hashes()).toEqual(chainHashes(10));
  });
});
