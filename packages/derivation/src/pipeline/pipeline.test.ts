// The pipeline end to end on fake L1 and L2 chains: step results, the Holocene switch, resets,
// empty blocks at window expiry, and where the system config comes from.
import { describe, expect, test } from "bun:test";
import {
  buildRawSpanBatch,
  ChannelOut,
  encodeBatcherData,
  type Hex,
  hexToBytes,
  type L1BlockRef,
  type L2BlockRef,
  l1BlockInfoFromTransaction,
  opSepolia,
  type RollupConfig,
  sepoliaL1,
} from "@supernode/protocol";
import { privateKeyToAccount } from "viem/accounts";
import { testHash, testL1, testSafe } from "../batches/testRules.ts";
import type { DerivationError } from "../errors.ts";
import { signedTransfer } from "../testTransactions.ts";
import { buildPipeline } from "./buildPipeline.ts";
import { deriveAll, FakeL1Chain, FakeL2Chain } from "./testChain.ts";

const batcher = privateKeyToAccount("0x59c6995e998f97a5a0044966f0945389dc9e86dae88c7a8412f4603b6b78690d");
const INBOX = "0xff00000000000000000000000000000011155420";
const systemConfig = { ...opSepolia.genesis.systemConfig, batcherAddr: batcher.address.toLowerCase() as Hex };

function rollupWith(hardforks: Record<string, number>, overrides: Partial<RollupConfig> = {}): RollupConfig {
  return {
    ...opSepolia,
    hardforks: {
      regolithTime: 0,
      canyonTime: 0,
      deltaTime: 0,
      ecotoneTime: 0,
      fjordTime: 0,
      graniteTime: 0,
      ...hardforks,
    },
    batchInboxAddress: INBOX,
    genesis: { ...opSepolia.genesis, l2Time: 0, systemConfig },
    ...overrides,
  };
}

const userTx = (nonce: number) => signedTransfer(nonce, Number(opSepolia.l2ChainId));

let batcherNonce = 0;
/** A batcher transaction carrying one channel with the given span batch. */
async function spanBatchTx(
  blocks: { timestamp: number; epochNum: number; transactions: Uint8Array[] }[],
  parent: L2BlockRef,
  lastOrigin: L1BlockRef,
  channel = 1,
): Promise<Hex> {
  const raw = buildRawSpanBatch(blocks, {
    genesisTimestamp: 0,
    blockTime: 2,
    chainId: opSepolia.l2ChainId,
    parentHash: hexToBytes(parent.hash),
    lastL1OriginHash: hexToBytes(lastOrigin.hash),
  });
  const out = new ChannelOut(new Uint8Array(16).fill(channel), {
    compression: "zlib",
    targetCompressedSize: 100_000,
  });
  out.addBatch({ type: "span", batch: raw });
  const data = encodeBatcherData(out.frames(100_000));
  return batcher.signTransaction({
    chainId: 11155111,
    type: "eip1559",
    nonce: batcherNonce++,
    to: INBOX,
    data: `0x${Buffer.from(data).toString("hex")}`,
    gas: 1_000_000n,
    maxFeePerGas: 10n ** 10n,
    maxPriorityFeePerGas: 1n,
  });
}

/** L1 100 (the safe head's epoch, t=1000) and the safe head: L2 block 50 at t=1004. */
function chains(rollup: RollupConfig, start: L1BlockRef = testL1(100, 1_000)) {
  const l1 = new FakeL1Chain(start);
  const l2 = new FakeL2Chain(testSafe, systemConfig);
  const pipeline = buildPipeline({
    rollup,
    l1Chain: sepoliaL1,
    ports: { l1, blobs: l1, l2 },
    start: { l1Origin: start, l2SafeHead: testSafe, systemConfig },
  });
  return { l1, l2, pipeline };
}

/** The five blocks of `fiveBlocks`: [timestamp, L1 origin]. */
const FIVE_BLOCKS = [
  [1_006, 100],
  [1_008, 100],
  [1_010, 100],
  [1_012, 101],
  [1_014, 101],
];

const fiveBlocks = async (tx: Uint8Array) => [
  { timestamp: 1_006, epochNum: 100, transactions: [tx] },
  { timestamp: 1_008, epochNum: 100, transactions: [] },
  { timestamp: 1_010, epochNum: 100, transactions: [tx] },
  { timestamp: 1_012, epochNum: 101, transactions: [] },
  { timestamp: 1_014, epochNum: 101, transactions: [tx] },
];

describe("derivation pipeline", () => {
  test("delta: steps advance the origin while out of data, hand out a span's attributes block by block, then end of data", async () => {
    const { l1, l2, pipeline } = chains(rollupWith({}));
    const epoch101 = l1.add();
    const tx = await userTx(0);
    const inclusion = l1.add([await spanBatchTx(await fiveBlocks(tx), testSafe, epoch101)]);
    const { derived, results } = await deriveAll(pipeline, l2);
    expect(results.slice(0, 2)).toEqual([
      { kind: "origin-advanced", origin: epoch101 },
      { kind: "origin-advanced", origin: inclusion },
    ]);
    expect(results.at(-1)).toEqual({ kind: "eof", origin: inclusion });
    expect(derived.map((d) => [Number(d.attributes.timestamp), d.epoch.number])).toEqual(FIVE_BLOCKS);
    expect(derived.map((d) => d.attributes.transactions.length)).toEqual([2, 1, 2, 1, 2]);
    expect(derived.map((d) => d.concluding)).toEqual([false, false, false, false, true]);
    expect(derived.every((d) => d.derivedFrom === inclusion && d.attributes.noTxPool)).toBe(true);
    const info = derived.map((d) => l1BlockInfoFromTransaction(d.attributes.transactions[0] as Uint8Array));
    expect(info.map((i) => [i.number, i.sequenceNumber])).toEqual([
      [100, 3],
      [100, 4],
      [100, 5],
      [101, 0],
      [101, 1],
    ]);
    expect(derived[0]?.attributes.transactions[1]).toEqual(tx);
    // The system config is read from L2 once; after that it comes from the attributes just built.
    expect(l2.configReads).toBe(1);
    expect(Object.values(pipeline.stageOrigins).every((o) => o?.number === inclusion.number)).toBe(true);

    l1.add();
    expect(await pipeline.step(l2.safe)).toEqual({ kind: "origin-advanced", origin: l1.tip });
  });

  test("holocene: the channel and batch stages switch when the L1 origin first crosses holocene_time, keeping the L1 origins", async () => {
    const { l1, l2, pipeline } = chains(rollupWith({ holoceneTime: 1_020 }));
    expect(pipeline.activeStages).toEqual({ channels: "channel-bank", batches: "batch-queue" });
    const epoch101 = l1.add(); // t=1012: before Holocene
    const tx = await userTx(0);
    l1.add([await spanBatchTx(await fiveBlocks(tx), testSafe, epoch101)]); // t=1024
    const { derived, results } = await deriveAll(pipeline, l2);
    expect(results[0]).toEqual({ kind: "origin-advanced", origin: epoch101 });
    expect(results[1]).toMatchObject({ kind: "origin-advanced", activated: "holocene" });
    expect(pipeline.activeStages).toEqual({ channels: "channel-assembler", batches: "batch-stage" });
    expect(derived.map((d) => [Number(d.attributes.timestamp), d.epoch.number])).toEqual(FIVE_BLOCKS);
    // From Holocene every block concludes its batch (it becomes safe at once).
    expect(derived.every((d) => d.concluding)).toBe(true);
  });

  test("holocene: a reset picks the stages by the reset origin's time", () => {
    const { pipeline } = chains(rollupWith({ holoceneTime: 900 }));
    expect(pipeline.activeStages).toEqual({ channels: "channel-assembler", batches: "batch-stage" });
    const early = testL1(90, 800);
    pipeline.reset({ l1Origin: early, l2SafeHead: testSafe, systemConfig });
    expect(pipeline.activeStages).toEqual({ channels: "channel-bank", batches: "batch-queue" });
  });

  test("holocene: a dropped batch is a not-enough-data step, and derivation goes on with the next channel", async () => {
    const { l1, l2, pipeline } = chains(rollupWith({ holoceneTime: 0 }));
    const epoch101 = l1.add();
    const tx = await userTx(0);
    const blocks = await fiveBlocks(tx);
    l1.add([
      await spanBatchTx(blocks.slice(1), testSafe, epoch101, 1), // starts after the next block: future → dropped
      await spanBatchTx(blocks, testSafe, epoch101, 2),
    ]);
    const { derived, results } = await deriveAll(pipeline, l2);
    expect(results.some((r) => r.kind === "not-enough-data")).toBe(true);
    expect(derived.map((d) => [Number(d.attributes.timestamp), d.epoch.number])).toEqual(FIVE_BLOCKS);
  });

  test("bedrock: with no batches, the sequencing window's expiry makes deposit-only blocks through the pipeline", async () => {
    const { l1, l2, pipeline } = chains(rollupWith({}, { seqWindowSize: 4 }));
    for (let i = 0; i < 5; i++) l1.add(); // L1 101 … 105, 12 s apart
    const { derived } = await deriveAll(pipeline, l2);
    // Epoch 100 expires at L1 104: empty blocks until epoch 101's time (1012), then epoch 101's
    // window (expiring at 105) fills up to epoch 102's time (1024).
    expect(derived.map((d) => [Number(d.attributes.timestamp), d.epoch.number])).toEqual([
      [1_006, 100],
      [1_008, 100],
      [1_010, 100],
      [1_012, 101],
      [1_014, 101],
      [1_016, 101],
      [1_018, 101],
      [1_020, 101],
      [1_022, 101],
    ]);
    expect(derived.every((d) => d.attributes.transactions.length === 1)).toBe(true);
  });

  test("bedrock: a reset origin past the safe head's L1 origin is a critical error", () => {
    const { pipeline } = chains(rollupWith({}));
    const reset = () => pipeline.reset({ l1Origin: testL1(101, 1_012), l2SafeHead: testSafe, systemConfig });
    expect(reset).toThrow(/past the safe head's L1 origin/);
  });

  test("bedrock: an L1 reorg under the origin is a reset", async () => {
    const { l1, l2, pipeline } = chains(rollupWith({}));
    l1.blocks.push({ ...testL1(101, 1_012), parentHash: testHash(0xbad) });
    l1.head = 101;
    const error = await pipeline.step(l2.safe).catch((e: unknown) => e);
    expect((error as DerivationError).kind).toBe("reset");
  });
});
