// Channel reader, one test per rule (reference/derivation.md §1.5).
import { describe, expect, test } from "bun:test";
import {
  type BatchData,
  buildRawSpanBatch,
  ChannelOut,
  compressChannel,
  concatBytes,
  encodeBatchData,
  ForkSchedule,
  loadBrotli,
  rlpEncodeString,
} from "@supernode/protocol";
import { ChannelReader } from "./channelReader.ts";
import { l1At } from "./testFrames.ts";

await loadBrotli();
const singular = (timestamp: number): BatchData => ({
  type: "singular",
  batch: {
    parentHash: `0x${"01".repeat(32)}`,
    epochNum: 1,
    epochHash: `0x${"02".repeat(32)}`,
    timestamp,
    transactions: [new Uint8Array([2, 0xc0])],
  },
});
function channel(batches: BatchData[], compression: "zlib" | "brotli" = "zlib"): Uint8Array {
  const out = new ChannelOut(new Uint8Array(16).fill(9), { compression, targetCompressedSize: 1_000_000 });
  for (const batch of batches) out.addBatch(batch);
  return out.data();
}
const forks = new ForkSchedule({
  blockTime: 2,
  hardforks: { canyonTime: 0, deltaTime: 200, ecotoneTime: 200, fjordTime: 300 },
});
const reader = () => new ChannelReader({ next: async () => null, origin: null }, forks);
const ready = (data: Uint8Array) => ({ id: new Uint8Array(16), data, openL1: l1At(1) });
const timestamps = (batches: BatchData[]) =>
  batches.map((b) => (b.type === "singular" ? b.batch.timestamp : -1));

describe("channel reader", () => {
  test("bedrock: a zlib channel's batches, in order", () => {
    expect(timestamps(reader().read(ready(channel([singular(10), singular(12)])), l1At(1, 100)))).toEqual([
      10, 12,
    ]);
  });

  test("fjord: a brotli channel is read from Fjord (by the reader's L1 origin time)", () => {
    expect(timestamps(reader().read(ready(channel([singular(10)], "brotli")), l1At(1, 300)))).toEqual([10]);
  });

  test("bedrock: a brotli channel before Fjord yields no batch", () => {
    expect(reader().read(ready(channel([singular(10)], "brotli")), l1At(1, 299))).toEqual([]);
  });

  test("bedrock: an unknown compression byte yields no batch", () => {
    expect(reader().read(ready(new Uint8Array([0x02, 1, 2, 3])), l1At(1, 100))).toEqual([]);
  });

  test("bedrock: batches before the first that does not decode are kept", () => {
    const stream = concatBytes([
      rlpEncodeString(encodeBatchData(singular(10))),
      rlpEncodeString(new Uint8Array([0x05, 1, 2, 3])), // an unknown batch type
      rlpEncodeString(encodeBatchData(singular(12))),
    ]);
    expect(timestamps(reader().read(ready(compressChannel(stream, "zlib")), l1At(1, 100)))).toEqual([10]);
  });

  test("delta: a span batch before Delta drops the rest of the channel; from Delta it is read", () => {
    const span: BatchData = {
      type: "span",
      batch: buildRawSpanBatch([{ timestamp: 12, epochNum: 1, transactions: [] }], {
        genesisTimestamp: 0,
        blockTime: 2,
        chainId: 10n,
        parentHash: new Uint8Array(32),
        lastL1OriginHash: new Uint8Array(32),
      }),
    };
    const data = channel([singular(10), span, singular(14)]);
    expect(timestamps(reader().read(ready(data), l1At(1, 199)))).toEqual([10]);
    expect(timestamps(reader().read(ready(data), l1At(1, 200)))).toEqual([10, -1, 14]);
  });
});
