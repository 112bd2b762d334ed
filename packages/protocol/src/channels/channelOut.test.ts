import assert from "node:assert/strict";
import { describe, test } from "@supernode/test-helpers/harness";
import type { BatchData } from "../batches/batchData.ts";
import { buildRawSpanBatch } from "../batches/spanBatch.ts";
import { loadBrotli } from "../compression/channelCompression.ts";
import { concatBytes } from "../encoding/bytes.ts";
import { encodeBatcherData, parseFrames } from "../frames/frame.ts";
import { signedTransactions, TEST_CHAIN_ID } from "../testing/transactions.ts";
import { Channel } from "./channel.ts";
import { ChannelOut } from "./channelOut.ts";
import { readChannel } from "./channelReader.ts";

await loadBrotli();

const id = new Uint8Array(16).fill(3);
const txs = signedTransactions();
const singular = (i: number): BatchData => ({
  type: "singular",
  batch: {
    parentHash: `0x${"aa".repeat(32)}`,
    epochNum: 10,
    epochHash: `0x${"bb".repeat(32)}`,
    timestamp: 100 + 2 * i,
    transactions: txs.slice(0, 1 + (i % txs.length)),
  },
});
const span: BatchData = {
  type: "span",
  batch: buildRawSpanBatch(
    [
      { timestamp: 120, epochNum: 10, transactions: txs.slice(0, 3) },
      { timestamp: 122, epochNum: 11, transactions: txs.slice(3) },
    ],
    {
      parentHash: new Uint8Array(32),
      lastL1OriginHash: new Uint8Array(32),
      genesisTimestamp: 0,
      blockTime: 2,
      chainId: TEST_CHAIN_ID,
    },
  ),
};

describe("ChannelOut", () => {
  for (const compression of ["zlib", "brotli"] as const) {
    test(`${compression}: batches → frames → batcher data → frames → channel → batches`, () => {
      const out = new ChannelOut(id, { compression, targetCompressedSize: 100_000 });
      const batches = [singular(0), singular(1), span, singular(2)];
      for (const batch of batches) assert.equal(out.addBatch(batch), "added");
      const frames = out.frames(300);
      assert.ok(frames.length > 1);
      const channel = new Channel(id);
      for (const frame of parseFrames(encodeBatcherData(frames))) channel.addFrame(frame);
      assert.equal(channel.isReady, true);
      const contents = readChannel(channel.data(), { maxOutput: 100_000_000, fjord: true });
      assert.equal(contents.compression, compression);
      assert.equal(contents.batchError, null);
      assert.deepEqual(contents.batches, batches);
    });
  }

  test("reports full before passing the target compressed size", () => {
    const out = new ChannelOut(id, { compression: "zlib", targetCompressedSize: 600 });
    let added = 0;
    while (out.addBatch(singular(added)) === "added") added++;
    assert.ok(added >= 1);
    assert.ok(out.data().length <= 600);
    assert.equal(out.batchCount, added);
  });

  test("the first batch is always taken, even over the target", () => {
    const out = new ChannelOut(id, { compression: "zlib", targetCompressedSize: 10 });
    assert.equal(out.addBatch(span), "added");
    assert.equal(out.addBatch(singular(0)), "full");
    assert.equal(concatBytes(out.frames(1000).map((f) => f.data)).length, out.data().length);
  });
});
