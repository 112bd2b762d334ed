// The batcher against a real anvil L1 (Prague, blobs, no automatic mining): what it posts,
// decoded back from the canonical L1 chain with the protocol codecs, is exactly the L2 chain.
import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { type Address, loadProtocolWasm } from "@supernode/protocol";
import { type Anvil, startAnvil } from "@supernode/test-helpers/anvil";
import { Batcher, type BatcherOptions } from "./batcher.ts";
import { stepAndMine } from "./testDrive.ts";
import { decodeBatches, readInbox, walkSafeChain } from "./testInbox.ts";
import { BATCHER, BATCHER_KEY, TestL2Chain, testRollup } from "./testL2Chain.ts";

let anvil: Anvil;

beforeAll(async () => {
  anvil = await startAnvil(["--no-mining", "--hardfork", "prague"]);
  await loadProtocolWasm();
});
afterAll(async () => {
  await anvil?.stop();
});

/** Each test posts to its own inbox, so each reads back only its own transactions. */
let inboxes = 0;
function nextInbox(): Address {
  return `0xff${(++inboxes).toString(16).padStart(38, "0")}` as Address;
}

async function batcherFor(chain: TestL2Chain, options: Partial<BatcherOptions>) {
  const inbox = nextInbox();
  const rollup = testRollup({ batchInboxAddress: inbox });
  const batcher = new Batcher({
    l1Url: anvil.url,
    l2Source: chain,
    batcherKey: BATCHER_KEY,
    rollup,
    ...options,
  });
  return { batcher, rollup, inbox };
}

/** Grows the chain in `rounds` of `perRound` blocks, stepping and mining after each, then until all landed. */
async function postInRounds(batcher: Batcher, chain: TestL2Chain, rounds: number, perRound: number) {
  const reports = [];
  for (let round = 0; round < rounds; round++) {
    await chain.extend(perRound);
    reports.push(await batcher.step());
    await anvil.rpc("evm_mine");
  }
  reports.push(...(await stepAndMine(batcher, anvil, chain.blocks.length - 1)));
  return reports;
}

describe("batcher", () => {
  test("blobs + brotli span batches: the blobs decode to exactly the L2 blocks, in order", async () => {
    const chain = new TestL2Chain();
    const { batcher, rollup, inbox } = await batcherFor(chain, {
      maxFrameSize: 600,
      maxBlobsPerTx: 2,
      targetFrames: 6,
      channel: { maxBlocks: 12, maxL1Blocks: 2 },
    });
    const reports = await postInRounds(batcher, chain, 5, 8);
    const closed = reports.flatMap((r) => r.closedChannels);
    const sent = reports.flatMap((r) => r.submitted);
    expect(closed.length).toBeGreaterThanOrEqual(4);
    expect(closed.some((c) => c.frames > 2 && c.transactions > 1)).toBe(true);
    expect(sent.every((tx) => tx.kind === "blobs")).toBe(true);
    expect(reports.flatMap((r) => r.rewinds)).toEqual([]);

    const items = await readInbox(anvil, inbox, BATCHER);
    expect(items).toHaveLength(sent.reduce((sum, tx) => sum + tx.frames, 0));
    const batches = decodeBatches(items, rollup.channelTimeout);
    expect(batches.every((b) => b.batch.type === "span")).toBe(true);
    expect(batches).toHaveLength(closed.length);
    const walk = walkSafeChain(batches, chain.blocks, rollup);
    expect(walk.problems).toEqual([]);
    expect(walk.repeated).toBe(0);
    expect(walk.derived).toEqual(chain.blocks.slice(1).map((b) => b.number));
  }, 60_000);

  test("calldata + zlib span batches, a channel every step", async () => {
    const chain = new TestL2Chain();
    const { batcher, rollup, inbox } = await batcherFor(chain, {
      dataMode: "calldata",
      compression: "zlib",
      maxFrameSize: 400,
      targetFrames: 50,
      channel: { closeEveryStep: true },
    });
    const reports = await postInRounds(batcher, chain, 4, 7);
    const closed = reports.flatMap((r) => r.closedChannels);
    expect(closed.map((c) => [c.firstBlock, c.lastBlock, c.reason])).toEqual([
      [1, 7, "every-step"],
      [8, 14, "every-step"],
      [15, 21, "every-step"],
      [22, 28, "every-step"],
    ]);
    expect(reports.flatMap((r) => r.submitted).every((tx) => tx.kind === "calldata" && tx.frames === 1)).toBe(
      true,
    );

    const items = await readInbox(anvil, inbox, BATCHER);
    expect(items.length).toBe(closed.reduce((sum, c) => sum + c.frames, 0));
    expect(items.every((item) => item.data[0] === 0)).toBe(true);
    const batches = decodeBatches(items, rollup.channelTimeout);
    const walk = walkSafeChain(batches, chain.blocks, rollup);
    expect(walk.problems).toEqual([]);
    expect(walk.repeated).toBe(0);
    expect(walk.derived).toEqual(chain.blocks.slice(1).map((b) => b.number));
  }, 60_000);

  test("singular batches (blobs + zlib): one batch per block, with parent and epoch hashes", async () => {
    const chain = new TestL2Chain();
    const { batcher, rollup, inbox } = await batcherFor(chain, {
      batchType: "singular",
      compression: "zlib",
      maxFrameSize: 1000,
      channel: { maxBlocks: 5, maxL1Blocks: 0 },
    });
    await postInRounds(batcher, chain, 3, 5);
    const batches = decodeBatches(await readInbox(anvil, inbox, BATCHER), rollup.channelTimeout);
    expect(batches.map((b) => b.batch.type)).toEqual(chain.blocks.slice(1).map(() => "singular"));
    const walk = walkSafeChain(batches, chain.blocks, rollup);
    expect(walk.problems).toEqual([]);
    expect(walk.derived).toEqual(chain.blocks.slice(1).map((b) => b.number));
  }, 60_000);

  test("a full channel closes early: the compressed size stays near the target", async () => {
    const chain = new TestL2Chain();
    const { batcher, rollup, inbox } = await batcherFor(chain, {
      dataMode: "calldata",
      compression: "brotli",
      maxFrameSize: 300,
      targetFrames: 2,
      channel: { maxBlocks: 1000, maxL1Blocks: 0, closeEveryStep: true },
    });
    const reports = await postInRounds(batcher, chain, 1, 30);
    const closed = reports.flatMap((r) => r.closedChannels);
    expect(closed.filter((c) => c.reason === "full").length).toBeGreaterThanOrEqual(2);
    // Frames hold 277 bytes: a channel kept under its 554-byte target spans at most 3 frames.
    expect(closed.every((c) => c.frames <= 3)).toBe(true);
    const walk = walkSafeChain(
      decodeBatches(await readInbox(anvil, inbox, BATCHER), 300),
      chain.blocks,
      rollup,
    );
    expect(walk.problems).toEqual([]);
    expect(walk.derived).toHaveLength(30);
  }, 60_000);

  test("run() steps on its interval until its signal aborts", async () => {
    const chain = new TestL2Chain();
    await chain.extend(3);
    const { batcher, inbox } = await batcherFor(chain, {
      dataMode: "calldata",
      compression: "zlib",
      channel: { closeEveryStep: true },
    });
    const pool = async () =>
      Object.values(
        (await anvil.rpc<{ pending: Record<string, Record<string, { to: string }>> }>("txpool_content"))
          .pending,
      ).flatMap((byNonce) => Object.values(byNonce).filter((tx) => tx.to.toLowerCase() === inbox));
    const controller = new AbortController();
    const running = batcher.run(5, controller.signal);
    for (let i = 0; i < 400 && (await pool()).length === 0; i++) await Bun.sleep(10);
    controller.abort();
    await running;
    expect(await pool()).toHaveLength(1);
    await anvil.rpc("evm_mine");
  });

  test("an L1 node on another chain is refused", async () => {
    const chain = new TestL2Chain();
    const batcher = new Batcher({
      l1Url: anvil.url,
      l2Source: chain,
      batcherKey: BATCHER_KEY,
      rollup: testRollup({ l1ChainId: 1n }),
    });
    await expect(batcher.step()).rejects.toMatchObject({
      code: "BATCHER_FAILED",
      meta: { kind: "critical", reason: "wrong-chain" },
    });
  });

  test("bad options are ConfigErrors naming the key", () => {
    const chain = new TestL2Chain();
    const make = (options: Partial<BatcherOptions>) => () =>
      new Batcher({
        l1Url: anvil.url,
        l2Source: chain,
        batcherKey: BATCHER_KEY,
        rollup: testRollup(),
        ...options,
      });
    expect(make({ maxFrameSize: 200_000 })).toThrow("maxFrameSize");
    expect(make({ maxBlobsPerTx: 7 })).toThrow("maxBlobsPerTx");
    expect(make({ batcherKey: "0x12" })).toThrow("batcherKey");
    expect(make({ l2Url: "http://127.0.0.1:1" })).toThrow("l2Url");
    expect(make({ channel: { maxBlocks: 0 } })).toThrow("channel.maxBlocks");
    expect(make({ rollup: testRollup({ hardforks: { deltaTime: 0, ecotoneTime: 0 } }) })).toThrow(
      "compression",
    );
    expect(
      make({
        rollup: testRollup({ hardforks: { regolithTime: 0 } }),
        compression: "zlib",
        dataMode: "calldata",
      }),
    ).toThrow("batchType");
  });
});
