// Real OP Mainnet batcher data and spec vectors from ../shared/fixtures: frames → channel →
// batches decode to exactly what kona/derived/expected_decodes.json lists.
import assert from "node:assert/strict";
import { describeWithFixtures } from "@supernode/test-helpers/fixtures";
import { test } from "@supernode/test-helpers/harness";
import type { BatchData } from "../batches/batchData.ts";
import { decodeRawSpanBatch, deriveSpanBatch, encodeRawSpanBatch } from "../batches/spanBatch.ts";
import { brotliDecompress, loadBrotli } from "../compression/brotli.ts";
import { keccak256Hex } from "../crypto/keccak.ts";
import { bytesToHex, hexToBytes } from "../encoding/bytes.ts";
import { rlpDecodeList, rlpString } from "../encoding/rlp.ts";
import { parseFrames } from "../frames/frame.ts";
import { transactionType, txDataType } from "../transactions/spanTransaction.ts";
import { readChannel } from "./channelReader.ts";

await loadBrotli();

interface ExpectedBatch {
  rel_timestamp: number;
  first_l2_timestamp: number;
  last_l2_timestamp: number;
  l1_origin_num: number;
  parent_check: string;
  l1_origin_check: string;
  block_count: number;
  block_tx_counts: number[];
  total_txs: number;
  contract_creations: number;
  tx_type_counts: Record<string, number>;
  protected_legacy_txs?: number;
  per_block_l1_origin: number[];
}

/** OP Mainnet: genesis L2 time, block time, chain id. */
const opMainnet = { genesisTimestamp: 1686068903, blockTime: 2, chainId: 10n };
const options = { maxOutput: 100_000_000, fjord: true };

function checkSpanBatch(batch: BatchData | undefined, expected: ExpectedBatch): void {
  assert.ok(batch && batch.type === "span", "one span batch");
  const raw = batch.batch;
  assert.equal(raw.relTimestamp, BigInt(expected.rel_timestamp));
  assert.equal(raw.l1OriginNum, BigInt(expected.l1_origin_num));
  assert.equal(bytesToHex(raw.parentCheck), `0x${expected.parent_check}`);
  assert.equal(bytesToHex(raw.l1OriginCheck), `0x${expected.l1_origin_check}`);
  assert.equal(raw.blockCount, expected.block_count);
  assert.deepEqual(raw.blockTxCounts, expected.block_tx_counts);
  assert.equal(raw.txs.filter((tx) => tx.to === null).length, expected.contract_creations);
  assert.equal(
    raw.txs.filter((tx) => tx.protected).length,
    expected.protected_legacy_txs ?? raw.txs.filter((tx) => tx.protected).length,
  );
  const span = deriveSpanBatch(raw, opMainnet);
  assert.deepEqual(
    span.elements.map((e) => e.epochNum),
    expected.per_block_l1_origin,
  );
  assert.equal(span.elements[0]?.timestamp, expected.first_l2_timestamp);
  assert.equal(span.elements.at(-1)?.timestamp, expected.last_l2_timestamp);
  const typeCounts: Record<string, number> = {};
  for (const tx of span.elements.flatMap((e) => e.transactions)) {
    const type = String(transactionType(tx));
    typeCounts[type] = (typeCounts[type] ?? 0) + 1;
  }
  assert.deepEqual(typeCounts, expected.tx_type_counts);
  assert.equal(raw.txs.filter((tx) => txDataType(tx.data) === 0).length, expected.tx_type_counts["0"] ?? 0);
}

describeWithFixtures("codecs on real OP Mainnet data", (fixtures) => {
  const expected = fixtures.json<Record<string, { batches: ExpectedBatch[]; [key: string]: unknown }>>(
    "kona/derived/expected_decodes.json",
  );

  test("raw_batcher_tx.bin: tx → frames → zlib channel → span batch of 27 blocks", () => {
    const tx = fixtures.bytes("kona/derive/raw_batcher_tx.bin");
    const want = expected["raw_batcher_tx.bin"] as {
      tx_hash: string;
      calldata_len: number;
      decompressed_rlp_len: number;
      batches: ExpectedBatch[];
      frames: { channel_id: string; frame_number: number; frame_data_length: number; is_last: number }[];
    };
    assert.equal(keccak256Hex(tx), want.tx_hash);
    const fields = rlpDecodeList(tx, 1);
    const calldata = rlpString(tx, fields[7]!);
    assert.equal(calldata.length, want.calldata_len);
    const frames = parseFrames(calldata);
    assert.deepEqual(
      frames.map((f) => ({
        channel_id: bytesToHex(f.channelId),
        frame_number: f.frameNumber,
        frame_data_length: f.data.length,
        is_last: f.isLast ? 1 : 0,
      })),
      want.frames,
    );
    const contents = readChannel(frames[0]!.data, options);
    assert.equal(contents.compression, "zlib");
    assert.equal(contents.decompressedSize, want.decompressed_rlp_len);
    // The real channel's zlib stream has no final block (the batcher flushed, never closed): the
    // whole batch is read before the decoder runs out of input.
    assert.equal(contents.decompressError?.meta.reason, "unexpected end");
    assert.equal(contents.batches.length, 1);
    checkSpanBatch(contents.batches[0], want.batches[0]!);
  });

  test("batch.hex: zlib channel → span batch of 143 blocks and 1,766 txs", () => {
    const channel = hexToBytes(fixtures.text("kona/derive/batch.hex"));
    const want = expected["batch.hex"] as {
      compressed_len: number;
      decompressed_rlp_len: number;
      batches: ExpectedBatch[];
    };
    assert.equal(channel.length, want.compressed_len);
    const contents = readChannel(channel, options);
    assert.equal(contents.decompressedSize, want.decompressed_rlp_len);
    assert.equal(contents.batches.length, 1);
    checkSpanBatch(contents.batches[0], want.batches[0]!);
  });

  test("raw_span_batch.bin round-trips byte for byte", () => {
    const raw = fixtures.bytes("kona/protocol/raw_span_batch.bin");
    const decoded = decodeRawSpanBatch(raw);
    assert.equal(bytesToHex(encodeRawSpanBatch(decoded)), bytesToHex(raw));
    assert.equal(bytesToHex(decoded.parentCheck).slice(0, 10), "0x01ddf682");
    assert.equal(bytesToHex(decoded.l1OriginCheck).slice(0, 10), "0x8527cdb6");
  });

  test("brotli vectors decode", () => {
    const vectors = fixtures.json<{ brotli: { compressed: string; decompressed: string }[] }>(
      "vectors/vectors.json",
    );
    assert.ok(vectors.brotli.length >= 2);
    for (const vector of vectors.brotli) {
      const result = brotliDecompress(hexToBytes(vector.compressed));
      assert.equal(result.error, null);
      assert.equal(bytesToHex(result.output), vector.decompressed.toLowerCase());
    }
    // The second vector is a brotli channel body: one singular batch (epoch 3920048, 20 txs).
    const body = hexToBytes(vectors.brotli[1]!.compressed);
    const contents = readChannel(Uint8Array.of(0x01, ...body), options);
    assert.equal(contents.compression, "brotli");
    assert.equal(contents.batchError, null);
    const batch = contents.batches[0];
    assert.ok(contents.batches.length === 1 && batch?.type === "singular");
    assert.equal(batch.batch.epochNum, 3920048);
    assert.equal(batch.batch.timestamp, 1986837747);
    assert.equal(batch.batch.transactions.length, 20);
    assert.ok(batch.batch.parentHash.startsWith("0xa8d01076"));
  });
});
