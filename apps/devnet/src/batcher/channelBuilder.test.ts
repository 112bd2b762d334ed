// Channels as the batcher builds them, read back with the protocol's channel reader: span and
// singular batches, frames within the size limit, the size target, and the transactions' data.
import { beforeAll, describe, expect, test } from "bun:test";
import {
  decodeBlob,
  deriveSpanBatch,
  encodeFrame,
  FRAME_OVERHEAD_BYTES,
  type Frame,
  hexToBytes,
  loadProtocolWasm,
  MAX_RLP_BYTES_PER_CHANNEL_FJORD,
  parseFrames,
  readChannel,
} from "@supernode/protocol";
import type { BatchBlock } from "./blockSource.ts";
import { type BatchType, ChannelBuilder, spanBatchOf } from "./channelBuilder.ts";
import { BLOCK_TIME, GENESIS_TIME, L2_CHAIN_ID, TestL2Chain } from "./testL2Chain.ts";
import { txPayloads } from "./txData.ts";

const chainParams = { genesisTimestamp: GENESIS_TIME, blockTime: BLOCK_TIME, chainId: BigInt(L2_CHAIN_ID) };
let chain: TestL2Chain;

beforeAll(async () => {
  await loadProtocolWasm();
  chain = new TestL2Chain();
  await chain.extend(24);
});

function builder(
  batchType: BatchType,
  targetCompressedSize = 1_000_000,
  compression: "brotli" | "zlib" = "brotli",
) {
  return new ChannelBuilder(new Uint8Array(16).fill(7), 0, {
    batchType,
    compression,
    targetCompressedSize,
    maxRlpBytes: MAX_RLP_BYTES_PER_CHANNEL_FJORD,
    chain: chainParams,
  });
}

function channelData(frames: readonly Frame[]): Uint8Array {
  const out = new Uint8Array(frames.reduce((sum, f) => sum + f.data.length, 0));
  let at = 0;
  for (const frame of frames) {
    out.set(frame.data, at);
    at += frame.data.length;
  }
  return out;
}

const blocks = (from: number, to: number) => chain.blocks.slice(from, to + 1);

describe("ChannelBuilder", () => {
  test("a span batch of 24 blocks, cut into frames of at most 200 bytes, reads back as the blocks", () => {
    const channel = builder("span");
    for (const block of blocks(1, 24)) expect(channel.add(block)).toBe("added");
    const frames = channel.frames(200);
    expect(frames.length).toBeGreaterThan(3);
    expect(frames.every((f) => encodeFrame(f).length <= 200)).toBe(true);
    expect(frames.map((f) => [f.frameNumber, f.isLast])).toEqual(
      frames.map((_, i) => [i, i === frames.length - 1]),
    );
    const contents = readChannel(channelData(frames), {
      maxOutput: MAX_RLP_BYTES_PER_CHANNEL_FJORD,
      fjord: true,
    });
    expect(contents.compression).toBe("brotli");
    expect(contents.batches).toHaveLength(1);
    const batch = contents.batches[0];
    if (batch?.type !== "span") throw new Error("expected a span batch");
    const span = deriveSpanBatch(batch.batch, chainParams);
    expect(span.parentCheck).toEqual(hexToBytes(chain.blocks[0]?.hash ?? "0x").subarray(0, 20));
    expect(span.l1OriginCheck).toEqual(hexToBytes(chain.blocks[24]?.l1Origin.hash ?? "0x").subarray(0, 20));
    expect(span.elements.map((e) => [e.timestamp, e.epochNum, e.transactions])).toEqual(
      blocks(1, 24).map((b) => [b.timestamp, b.l1Origin.number, b.transactions]),
    );
  });

  test("singular batches (zlib): one per block, with the parent hash and the L1 origin's hash", () => {
    const channel = builder("singular", 1_000_000, "zlib");
    for (const block of blocks(5, 12)) expect(channel.add(block)).toBe("added");
    const contents = readChannel(channelData(channel.frames(10_000)), { maxOutput: 1e8, fjord: false });
    expect(contents.compression).toBe("zlib");
    expect(
      contents.batches.map((b) =>
        b.type === "singular"
          ? [b.batch.parentHash, b.batch.epochNum, b.batch.epochHash, b.batch.timestamp, b.batch.transactions]
          : null,
      ),
    ).toEqual(
      blocks(5, 12).map((b) => [
        b.parentHash,
        b.l1Origin.number,
        b.l1Origin.hash,
        b.timestamp,
        b.transactions,
      ]),
    );
  });

  for (const batchType of ["span", "singular"] as const) {
    test(`${batchType}: "full" once the compressed channel would pass the target; the first block always fits`, () => {
      const tiny = builder(batchType, 10);
      expect(tiny.add(chain.blocks[3] as BatchBlock)).toBe("added");
      expect(tiny.add(chain.blocks[4] as BatchBlock)).toBe("full");
      expect(tiny.blocks.map((b) => b.number)).toEqual([3]);

      const target = 600;
      const channel = builder(batchType, target);
      let added = 0;
      for (const block of blocks(1, 24)) {
        if (channel.add(block) === "full") break;
        added++;
      }
      expect(added).toBeGreaterThan(1);
      expect(added).toBeLessThan(24);
      // Span channels are compressed only every eighth of the target they grow: at most that much over.
      expect(channelData(channel.frames(100_000)).length).toBeLessThanOrEqual(target + target / 8 + 64);
    });
  }

  test("blocks that are not consecutive cannot be one span batch: a critical BatcherError", () => {
    expect(() =>
      spanBatchOf([chain.blocks[1] as BatchBlock, chain.blocks[3] as BatchBlock], chainParams),
    ).toThrow(
      expect.objectContaining({ code: "BATCHER_FAILED", meta: { kind: "critical", reason: "unbatchable" } }),
    );
  });
});

describe("txPayloads", () => {
  test("blobs: one frame a blob (0x00 ‖ frame), at most maxBlobsPerTx a transaction; calldata: one frame a transaction", () => {
    const channel = builder("span");
    for (const block of blocks(1, 24)) channel.add(block);
    const frames = channel.frames(FRAME_OVERHEAD_BYTES + 100);
    expect(frames.length).toBeGreaterThan(5);
    const blobTxs = txPayloads(frames, "blobs", 2);
    expect(blobTxs.map((tx) => tx.frames)).toEqual(
      frames
        .map((_, i) => i)
        .filter((i) => i % 2 === 0)
        .map((i) => Math.min(2, frames.length - i)),
    );
    const decoded = blobTxs.flatMap((tx) =>
      tx.kind === "blobs" ? tx.blobs.map((blob) => parseFrames(decodeBlob(blob))) : [],
    );
    expect(decoded.map((fs) => fs.length)).toEqual(frames.map(() => 1));
    expect(decoded.map((fs) => fs[0]?.frameNumber)).toEqual(frames.map((f) => f.frameNumber));
    const calldata = txPayloads(frames, "calldata", 6);
    expect(calldata).toHaveLength(frames.length);
    expect(calldata.map((tx) => (tx.kind === "calldata" ? parseFrames(tx.data)[0]?.data : null))).toEqual(
      frames.map((f) => f.data),
    );
  });
});
