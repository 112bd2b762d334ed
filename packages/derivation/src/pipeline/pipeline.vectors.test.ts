// Real OP Mainnet batcher data through the whole pipeline to payload attributes (kona's derive
// testdata; per-block summaries in fixtures/kona/derived/expected_decodes.json). The fake L1 serves
// the origins the batches name: block numbers as in the summaries, the last origin's hash
// starting with the batch's l1_origin_check, and the safe head's hash starting with its
// parent_check. L1 timestamps are reconstructed (not in the fixtures): each origin's time is the
// first L2 timestamp of its epoch (the first epoch's is the safe head's), later blocks 12 s apart.
// The attributes match the summaries block for block: timestamps, L1 origins, transaction counts.
import { expect, test } from "bun:test";
import {
  encodeBatcherData,
  ethereumMainnetL1,
  framesOfChannel,
  type Hash,
  type Hex,
  hexToBytes,
  type L1BlockRef,
  type L2BlockRef,
  opMainnet,
  type RollupConfig,
} from "@supernode/protocol";
import { describeWithFixtures } from "@supernode/test-helpers/fixtures";
import { privateKeyToAccount } from "viem/accounts";
import { EXPECTED_DECODES, type ExpectedBatch, type ExpectedDecodes } from "../testExpectedDecodes.ts";
import { buildPipeline } from "./buildPipeline.ts";
import { deriveAll, FakeL1Chain, FakeL2Chain } from "./testChain.ts";

const padHash = (prefix: string): Hash => `0x${prefix}${"00".repeat(12)}`;

/** The fake chains a span batch's summary implies, with the batcher data included at `inclusion`. */
function chainsFor(expected: ExpectedBatch, rollup: RollupConfig, inclusion: number, batcherTxs: Hex[]) {
  const origins = expected.per_block_l1_origin;
  const first = origins[0] as number;
  const last = origins.at(-1) as number;
  const epochTime = (n: number) => expected.first_l2_timestamp + 2 * origins.indexOf(n);
  const start: L1BlockRef = {
    hash: padHash("11".repeat(20)),
    number: first,
    parentHash: padHash("10".repeat(20)),
    timestamp: expected.first_l2_timestamp - 2,
  };
  const l1 = new FakeL1Chain(start);
  for (let n = first + 1; n <= inclusion; n++) {
    const timestamp = n <= last && origins.includes(n) ? epochTime(n) : l1.tip.timestamp + 12;
    l1.add(n === inclusion ? batcherTxs : [], {
      timestamp,
      ...(n === last ? { hash: padHash(expected.l1_origin_check) } : {}),
    });
  }
  const safe: L2BlockRef = {
    hash: padHash(expected.parent_check),
    number: expected.first_l2_block_number - 1,
    parentHash: padHash("aa".repeat(20)),
    timestamp: expected.first_l2_timestamp - 2,
    l1origin: { number: first, hash: start.hash },
    sequenceNumber: 0,
  };
  const l2 = new FakeL2Chain(safe, rollup.genesis.systemConfig);
  const pipeline = buildPipeline({
    rollup,
    l1Chain: ethereumMainnetL1,
    ports: { l1, blobs: l1, l2 },
    start: { l1Origin: start, l2SafeHead: safe, systemConfig: rollup.genesis.systemConfig },
  });
  return { l1, l2, pipeline };
}

async function expectAttributes(
  chains: ReturnType<typeof chainsFor>,
  expected: ExpectedBatch,
): Promise<void> {
  const { derived } = await deriveAll(chains.pipeline, chains.l2);
  expect(derived).toHaveLength(expected.block_count);
  const timestamps = derived.map((d) => Number(d.attributes.timestamp));
  expect([timestamps[0], timestamps.at(-1)]).toEqual([
    expected.first_l2_timestamp,
    expected.last_l2_timestamp,
  ]);
  expect(timestamps.every((t, i) => t === expected.first_l2_timestamp + 2 * i)).toBe(true);
  expect(derived.map((d) => d.epoch.number)).toEqual(expected.per_block_l1_origin);
  // Each block: the L1-info deposit (no user deposits on the fake L1, no upgrade) + the batch's.
  expect(derived.map((d) => d.attributes.transactions.length - 1)).toEqual(expected.block_tx_counts);
  expect(derived.every((d) => d.attributes.transactions[0]?.[0] === 0x7e)).toBe(true);
  expect(derived.at(-1)?.concluding).toBe(true);
}

describeWithFixtures("real OP Mainnet batcher data through the pipeline to attributes", (fixtures) => {
  const expected = fixtures.json<ExpectedDecodes>(EXPECTED_DECODES);

  test("delta: the real batcher transaction (signed by the OP Mainnet batcher) yields the 27 blocks' attributes", async () => {
    const summary = expected["raw_batcher_tx.bin"].batches[0] as ExpectedBatch;
    const raw = `0x${Buffer.from(fixtures.bytes("kona/derive/raw_batcher_tx.bin")).toString("hex")}` as Hex;
    const chains = chainsFor(summary, opMainnet, 19_426_590, [raw]);
    await expectAttributes(chains, summary);
  });

  test("ecotone: the real 615 KB channel, sent as calldata frames, yields the 143 blocks' attributes", async () => {
    const summary = expected["batch.hex"].batches[0] as ExpectedBatch;
    const batcher = privateKeyToAccount("0x59c6995e998f97a5a0044966f0945389dc9e86dae88c7a8412f4603b6b78690d");
    const rollup: RollupConfig = {
      ...opMainnet,
      genesis: {
        ...opMainnet.genesis,
        systemConfig: {
          ...opMainnet.genesis.systemConfig,
          batcherAddr: batcher.address.toLowerCase() as Hex,
        },
      },
    };
    const channel = hexToBytes(`0x${fixtures.text("kona/derive/batch.hex").trim()}`);
    const frames = framesOfChannel(new Uint8Array(16).fill(9), channel, 120_000);
    const txs = await Promise.all(
      frames.map((frame, nonce) =>
        batcher.signTransaction({
          chainId: 1,
          type: "eip1559",
          nonce,
          to: opMainnet.batchInboxAddress,
          data: `0x${Buffer.from(encodeBatcherData([frame])).toString("hex")}`,
          gas: 10_000_000n,
          maxFeePerGas: 10n ** 11n,
          maxPriorityFeePerGas: 1n,
        }),
      ),
    );
    const chains = chainsFor(summary, rollup, 20_089_780, txs);
    await expectAttributes(chains, summary);
  });
});
