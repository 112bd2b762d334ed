// The batcher when what it posted is lost: an L1 reorg (anvil_reorg) removing its transactions,
// a transaction dropped from the pool, transactions left waiting in the pool, and an L2 reorg of
// blocks already sent but not yet mined.
// Each time the batches on the canonical L1 chain must again derive every L2 block.
import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { type Address, type Hex, loadProtocolWasm } from "@supernode/protocol";
import { type Anvil, startAnvil } from "@supernode/test-helpers/anvil";
import { Batcher, type BatcherOptions, type StepReport } from "./batcher.ts";
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

let inboxes = 0;
function setup(chain: TestL2Chain, options: Partial<BatcherOptions>) {
  const inbox = `0xfe${(++inboxes).toString(16).padStart(38, "0")}` as Address;
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

async function expectAllDerived(chain: TestL2Chain, inbox: Address, rollup: ReturnType<typeof testRollup>) {
  const batches = decodeBatches(await readInbox(anvil, inbox, BATCHER), rollup.channelTimeout);
  const walk = walkSafeChain(batches, chain.blocks, rollup);
  expect(walk.problems).toEqual([]);
  expect(walk.derived).toEqual(chain.blocks.slice(1).map((b) => b.number));
  return walk;
}

const blockOf = async (hash: Hex) =>
  (await anvil.rpc<{ blockNumber: Hex | null } | null>("eth_getTransactionByHash", [hash]))?.blockNumber ??
  null;

describe("batcher reorgs", () => {
  test("anvil_reorg of depth 3 removes batcher transactions: re-posted from the earliest lost channel", async () => {
    const chain = new TestL2Chain();
    const { batcher, rollup, inbox } = setup(chain, { maxFrameSize: 800, channel: { closeEveryStep: true } });
    const reports: StepReport[] = [];
    for (let round = 0; round < 6; round++) {
      await chain.extend(4);
      reports.push(await batcher.step());
      await anvil.rpc("evm_mine");
    }
    reports.push(...(await stepAndMine(batcher, anvil, 24)));
    const channels = reports.flatMap((r) => r.closedChannels);
    expect(channels).toHaveLength(6);
    const sent = reports.flatMap((r) => r.submitted);
    const head = Number(await anvil.rpc<Hex>("eth_blockNumber"));
    const landed = await Promise.all(sent.map(async (tx) => ({ tx, block: Number(await blockOf(tx.hash)) })));

    await anvil.rpc("anvil_reorg", [3, []]);
    const lost = landed.filter(({ block }) => block > head - 3);
    expect(lost.length).toBeGreaterThanOrEqual(2);
    for (const { tx } of lost) expect(await blockOf(tx.hash)).toBeNull();
    const earliest = channels.find((c) => c.id === lost[0]?.tx.channelId);

    const after = await batcher.step();
    expect(after.rewinds).toEqual([{ reason: "l1-reorg", fromL2Block: earliest?.firstBlock ?? -1 }]);
    expect(after.closedChannels[0]?.firstBlock).toBe(earliest?.firstBlock);
    expect(after.closedChannels.every((c) => !channels.some((old) => old.id === c.id))).toBe(true);
    expect(after.submitted[0]?.nonce).toBe(lost[0]?.tx.nonce);
    await anvil.rpc("evm_mine");
    await stepAndMine(batcher, anvil, 24);
    await expectAllDerived(chain, inbox, rollup);
  }, 60_000);

  test("a batcher transaction dropped from the pool is posted again in a new channel", async () => {
    const chain = new TestL2Chain();
    const { batcher, rollup, inbox } = setup(chain, {
      dataMode: "calldata",
      compression: "zlib",
      channel: { closeEveryStep: true },
    });
    await chain.extend(6);
    const first = await batcher.step();
    const tx = first.submitted[0];
    expect(tx).toBeDefined();
    await anvil.rpc("anvil_dropTransaction", [tx?.hash]);
    const second = await batcher.step();
    expect(second.rewinds).toEqual([{ reason: "tx-dropped", fromL2Block: 1 }]);
    expect(second.submitted).toHaveLength(1);
    expect(second.submitted[0]?.channelId).not.toBe(tx?.channelId);
    await anvil.rpc("evm_mine");
    await stepAndMine(batcher, anvil, 6);
    const walk = await expectAllDerived(chain, inbox, rollup);
    expect(walk.repeated).toBe(0);
  }, 60_000);

  test("blob transactions waiting behind a full block are sent again at their nonces with higher fees", async () => {
    const chain = new TestL2Chain();
    const { batcher, rollup, inbox } = setup(chain, {
      maxFrameSize: 150,
      targetFrames: 100,
      resubmitAfterL1Blocks: 1,
      channel: { closeEveryStep: true },
    });
    await chain.extend(24);
    const first = await batcher.step();
    // Six blobs a transaction, nine a Prague block: one transaction a block, the rest wait.
    expect(first.submitted.length).toBeGreaterThanOrEqual(3);
    await anvil.rpc("evm_mine");
    const second = await batcher.step();
    const waiting = first.submitted.slice(1);
    expect(second.submitted).toMatchObject(
      waiting.map((tx) => ({ nonce: tx.nonce, channelId: tx.channelId, resubmission: true })),
    );
    for (const tx of waiting) expect(await anvil.rpc("eth_getTransactionByHash", [tx.hash])).toBeNull();
    await anvil.rpc("evm_mine");
    await stepAndMine(batcher, anvil, 24);
    const walk = await expectAllDerived(chain, inbox, rollup);
    expect(walk.repeated).toBe(0);
  }, 60_000);

  test("an L2 reorg of sent but unmined blocks: batching restarts from the last unchanged block", async () => {
    const chain = new TestL2Chain();
    const { batcher, rollup, inbox } = setup(chain, {
      dataMode: "calldata",
      compression: "brotli",
      channel: { maxBlocks: 4, maxL1Blocks: 1 },
    });
    await chain.extend(10);
    const first = await batcher.step();
    expect(first.closedChannels.map((c) => [c.firstBlock, c.lastBlock])).toEqual([
      [1, 4],
      [5, 8],
    ]);
    const stale = first.submitted[1];
    await chain.reorgFrom(7, 1);
    await chain.extend(2, 1);
    const second = await batcher.step();
    expect(second.rewinds).toEqual([{ reason: "l2-reorg", fromL2Block: 5 }]);
    expect(second.closedChannels.map((c) => [c.firstBlock, c.lastBlock])).toEqual([
      [5, 8],
      [9, 12],
    ]);
    // The new channel takes the stale channel's nonce with higher fees, replacing it in the pool.
    expect(second.submitted[0]?.nonce).toBe(stale?.nonce);
    expect(await anvil.rpc("eth_getTransactionByHash", [stale?.hash])).toBeNull();
    await anvil.rpc("evm_mine");
    await stepAndMine(batcher, anvil, 12);
    await expectAllDerived(chain, inbox, rollup);
  }, 60_000);
});
