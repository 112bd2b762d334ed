// Frame queue, one test per rule (reference/derivation.md §1.3), on a fake data-item source.
import { describe, expect, test } from "bun:test";
import { concatBytes, encodeFrame, ForkSchedule, type Frame, type L1BlockRef } from "@supernode/protocol";
import { type DataItemSource, FrameQueue } from "./frameQueue.ts";

const forks = new ForkSchedule({ blockTime: 2, hardforks: { holoceneTime: 1_000 } });
const l1 = (timestamp: number): L1BlockRef => ({
  hash: `0x${"01".repeat(32)}`,
  number: 1,
  parentHash: `0x${"00".repeat(32)}`,
  timestamp,
});
const id = (n: number) => new Uint8Array(16).fill(n);
const frame = (channel: number, frameNumber: number, isLast = false): Frame => ({
  channelId: id(channel),
  frameNumber,
  data: new Uint8Array([channel, frameNumber]),
  isLast,
});
const item = (...frames: Frame[]) => concatBytes([new Uint8Array([0]), ...frames.map(encodeFrame)]);

class Items implements DataItemSource {
  constructor(
    private items: Uint8Array[],
    readonly origin: L1BlockRef,
  ) {}
  async next() {
    return this.items.shift() ?? null;
  }
}

async function drain(items: Uint8Array[], timestamp: number): Promise<string[]> {
  const queue = new FrameQueue(new Items(items, l1(timestamp)), forks);
  const out: string[] = [];
  for (let f = await queue.next(); f !== null; f = await queue.next())
    out.push(`${f.channelId[0]}:${f.frameNumber}${f.isLast ? "!" : ""}`);
  return out;
}

describe("frame queue", () => {
  test("bedrock: every frame of a version-0 data item, in order", async () => {
    expect(await drain([item(frame(1, 0), frame(1, 1, true)), item(frame(2, 0))], 0)).toEqual([
      "1:0",
      "1:1!",
      "2:0",
    ]);
  });

  test("bedrock: a data item with another version byte yields no frame", async () => {
    const altDa = concatBytes([new Uint8Array([1]), item(frame(1, 0)).subarray(1)]);
    expect(await drain([altDa, item(frame(2, 0))], 0)).toEqual(["2:0"]);
  });

  test("bedrock: one malformed frame drops every frame of its data item", async () => {
    const truncated = item(frame(1, 0), frame(1, 1)).subarray(0, -3);
    expect(await drain([truncated, item(frame(2, 0))], 0)).toEqual(["2:0"]);
  });

  test("bedrock: an empty data item yields no frame", async () => {
    expect(await drain([new Uint8Array(0), item(frame(3, 0, true))], 0)).toEqual(["3:0!"]);
  });

  test("bedrock: out-of-order and repeated frames pass through (the channel bank sorts them out)", async () => {
    expect(await drain([item(frame(1, 1), frame(1, 0), frame(1, 0))], 0)).toEqual(["1:1", "1:0", "1:0"]);
  });

  test("holocene: a frame that is not the next number of its channel is dropped", async () => {
    expect(await drain([item(frame(1, 0), frame(1, 2), frame(1, 1), frame(1, 1))], 1_000)).toEqual([
      "1:0",
      "1:1",
    ]);
  });

  test("holocene: a frame after its channel's closing frame is dropped", async () => {
    expect(await drain([item(frame(1, 0), frame(1, 1, true), frame(1, 2))], 1_000)).toEqual(["1:0", "1:1!"]);
  });

  test("holocene: a non-first frame of another channel is dropped", async () => {
    expect(await drain([item(frame(1, 0, true), frame(2, 1))], 1_000)).toEqual(["1:0!"]);
  });

  test("holocene: a first frame while the previous channel is open drops that channel's frames", async () => {
    expect(await drain([item(frame(1, 0), frame(1, 1), frame(2, 0), frame(2, 1, true))], 1_000)).toEqual([
      "2:0",
      "2:1!",
    ]);
  });

  test("holocene: the rules apply by the time of the L1 block carrying the frames", async () => {
    expect(await drain([item(frame(1, 0), frame(1, 2))], 999)).toEqual(["1:0", "1:2"]);
  });
});
