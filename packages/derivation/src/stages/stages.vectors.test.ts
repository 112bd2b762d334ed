// Real OP Mainnet data through the stages (kona's derive testdata; summaries in
// fixtures/kona/derived/expected_decodes.json): a real batcher transaction through L1 retrieval
// (its real signature recovers to the OP Mainnet batcher), the frame queue, the channel bank and
// the channel reader; and the real 615 KB channel cut into frames through the same stages. The
// span batches come out with the expected block counts, per-block transaction counts, L1 origins
// and timestamps.
import { expect, test } from "bun:test";
import {
  bytesToHex,
  concatBytes,
  deriveSpanBatch,
  encodeFrame,
  ForkSchedule,
  framesOfChannel,
  hexToBytes,
  type L1BlockRef,
  opMainnet,
  type SpanBatch,
} from "@supernode/protocol";
import { describeWithFixtures } from "@supernode/test-helpers/fixtures";
import { EXPECTED_DECODES, type ExpectedBatch, type ExpectedDecodes } from "../testExpectedDecodes.ts";
import { ChannelBank } from "./channelBank.ts";
import { ChannelReader } from "./channelReader.ts";
import { FrameQueue } from "./frameQueue.ts";
import { L1Retrieval } from "./l1Retrieval.ts";

const forks = new ForkSchedule(opMainnet);
const chain = {
  genesisTimestamp: opMainnet.genesis.l2Time,
  blockTime: opMainnet.blockTime,
  chainId: opMainnet.l2ChainId,
};

/** Every batch the stages produce from the data items of one L1 block. */
async function throughStages(
  origin: L1BlockRef,
  items: { next(): Promise<Uint8Array | null>; origin: L1BlockRef | null },
): Promise<SpanBatch[]> {
  const frames = new FrameQueue(items, forks);
  const bank = new ChannelBank(frames, { forks, channelTimeout: 300 });
  const reader = new ChannelReader(bank, forks);
  const spans: SpanBatch[] = [];
  for (let read = await reader.next(); read !== null; read = await reader.next()) {
    expect(read.l1).toEqual(origin);
    if (read.batch.type === "span") spans.push(deriveSpanBatch(read.batch.batch, chain));
  }
  return spans;
}

function expectSpan(span: SpanBatch | undefined, expected: ExpectedBatch | undefined): void {
  if (!span || !expected) throw new Error("missing span batch");
  expect(span.elements).toHaveLength(expected.block_count);
  expect(span.elements.map((e) => e.transactions.length)).toEqual(expected.block_tx_counts);
  expect(span.elements.map((e) => e.epochNum)).toEqual(expected.per_block_l1_origin);
  expect([span.elements[0]?.timestamp, span.elements.at(-1)?.timestamp]).toEqual([
    expected.first_l2_timestamp,
    expected.last_l2_timestamp,
  ]);
}

describeWithFixtures("real OP Mainnet batcher data through the stages", (fixtures) => {
  const expected = fixtures.json<ExpectedDecodes>(EXPECTED_DECODES);

  test("delta: a real batcher transaction — retrieval recovers the batcher, one span batch of 27 blocks comes out", async () => {
    const raw = bytesToHex(fixtures.bytes("kona/derive/raw_batcher_tx.bin"));
    const origin: L1BlockRef = {
      hash: `0x${"11".repeat(32)}`,
      number: 19_426_590,
      parentHash: `0x${"10".repeat(32)}`,
      timestamp: 1_710_338_300,
    };
    let handed = false;
    const traversal = {
      systemConfig: opMainnet.genesis.systemConfig,
      origin,
      nextL1Block: () => {
        if (handed) return null;
        handed = true;
        return origin;
      },
    };
    const retrieval = new L1Retrieval(
      traversal,
      { forks, batchInboxAddress: opMainnet.batchInboxAddress },
      { transactions: async () => [raw] },
      { blobs: async () => [] },
    );
    const spans = await throughStages(origin, retrieval);
    expect(spans).toHaveLength(1);
    expectSpan(spans[0], expected["raw_batcher_tx.bin"].batches[0]);
  });

  test("delta: the real 615 KB channel, cut into frames, makes one span batch of 143 blocks and 1,766 transactions", async () => {
    const channel = hexToBytes(`0x${fixtures.text("kona/derive/batch.hex").trim()}`);
    const frames = framesOfChannel(new Uint8Array(16).fill(7), channel, 120_000);
    expect(frames.length).toBeGreaterThan(1);
    const origin: L1BlockRef = {
      hash: `0x${"22".repeat(32)}`,
      number: 20_089_780,
      parentHash: `0x${"21".repeat(32)}`,
      timestamp: 1_718_365_000,
    };
    const items = [concatBytes([new Uint8Array([0]), ...frames.map(encodeFrame)])];
    const spans = await throughStages(origin, { next: async () => items.shift() ?? null, origin });
    expect(spans).toHaveLength(1);
    const batch = expected["batch.hex"].batches[0];
    expectSpan(spans[0], batch);
    expect(spans[0]?.elements.reduce((n, e) => n + e.transactions.length, 0)).toBe(batch?.total_txs);
  });
});
