// Fuzzed L1 data through the frame queue, channel bank / assembler and channel reader: garbage
// data items, malformed frames between good ones, reordered and duplicated frames and channels.
// No stage may throw, and every batch that comes out must be one of the batches that went in.
import { describe, expect, test } from "bun:test";
import {
  type BatchData,
  ChannelOut,
  concatBytes,
  decodeBatchData,
  encodeBatchData,
  encodeFrame,
  ForkSchedule,
  type Frame,
  type L1BlockRef,
} from "@supernode/protocol";
import { ChannelAssembler } from "./channelAssembler.ts";
import { ChannelBank } from "./channelBank.ts";
import { ChannelReader } from "./channelReader.ts";
import { FrameQueue } from "./frameQueue.ts";

/** A small deterministic PRNG (mulberry32), so a failure reproduces from its seed. */
function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const origin: L1BlockRef = {
  hash: `0x${"33".repeat(32)}`,
  number: 10,
  parentHash: `0x${"32".repeat(32)}`,
  timestamp: 100,
};
const batch = (n: number): BatchData => ({
  type: "singular",
  batch: {
    parentHash: `0x${n.toString(16).padStart(64, "0")}`,
    epochNum: n,
    epochHash: `0x${"ab".repeat(32)}`,
    timestamp: 1_000 + 2 * n,
    transactions: [new Uint8Array([0x02, n & 0xff])],
  },
});
const key = (b: BatchData) => Buffer.from(encodeBatchData(b)).toString("hex");

function channelFrames(id: number, batches: BatchData[], frameSize: number): Frame[] {
  const out = new ChannelOut(new Uint8Array(16).fill(id), {
    compression: "zlib",
    targetCompressedSize: 1_000_000,
  });
  for (const b of batches) out.addBatch(b);
  return out.frames(frameSize);
}

function mutate(rand: () => number, data: Uint8Array): Uint8Array {
  const copy = data.slice();
  const flips = 1 + Math.floor(rand() * 4);
  for (let i = 0; i < flips; i++) {
    const at = Math.floor(rand() * copy.length);
    copy[at] = (copy[at] ?? 0) ^ (1 << Math.floor(rand() * 8));
  }
  return rand() < 0.3 ? copy.subarray(0, Math.floor(rand() * copy.length)) : copy;
}

async function run(seed: number, holocene: boolean, mutations: boolean): Promise<string[]> {
  const rand = prng(seed);
  const good = [batch(seed % 200), batch((seed + 1) % 200), batch((seed + 2) % 200)];
  const frames = [...channelFrames(1, good.slice(0, 2), 60), ...channelFrames(2, good.slice(2), 40)];
  const items: Uint8Array[] = [];
  for (const frame of frames) {
    const r = rand();
    if (mutations && r < 0.15)
      items.push(mutate(rand, concatBytes([new Uint8Array([0]), encodeFrame(frame)])));
    else if (r < 0.25)
      items.push(new Uint8Array(Math.floor(rand() * 300)).map(() => Math.floor(rand() * 256)));
    if (rand() < 0.2) items.push(concatBytes([new Uint8Array([0]), encodeFrame(frame)])); // a duplicate
    items.push(concatBytes([new Uint8Array([0]), encodeFrame(frame)]));
  }
  if (rand() < 0.5) items.reverse(); // reordered
  const forks = new ForkSchedule({
    blockTime: 2,
    hardforks: holocene
      ? { canyonTime: 0, deltaTime: 0, ecotoneTime: 0, fjordTime: 0, graniteTime: 0, holoceneTime: 0 }
      : { canyonTime: 0 },
  });
  const queue = new FrameQueue({ next: async () => items.shift() ?? null, origin }, forks);
  const channels = holocene
    ? new ChannelAssembler(queue, { forks, channelTimeout: 300 })
    : new ChannelBank(queue, { forks, channelTimeout: 300 });
  const reader = new ChannelReader(channels, forks);
  const out: string[] = [];
  for (let read = await reader.next(); read !== null; read = await reader.next()) out.push(key(read.batch));
  if (!mutations) {
    // Reordered, duplicated and garbage items around good frames: only the good batches come out.
    const allowed = new Set(good.map(key));
    for (const k of out) expect(allowed.has(k)).toBe(true);
  } else {
    // A flipped bit inside a frame's data can survive decompression (op-node reads the stream
    // before its checksum too): the batch that comes out must still be well formed.
    for (const k of out) expect(key(decodeBatchData(Buffer.from(k, "hex")))).toBe(k);
  }
  return out;
}

describe("stages under fuzzed L1 data", () => {
  for (const holocene of [false, true]) {
    const fork = holocene ? "holocene" : "canyon";
    const path = holocene ? "channel assembler" : "channel bank";
    test(`${fork}: 400 blocks with reordered, duplicated and garbage items through the ${path} yield only the batches sent`, async () => {
      let produced = 0;
      for (let seed = 1; seed <= 400; seed++) produced += (await run(seed, holocene, false)).length;
      expect(produced).toBeGreaterThan(0);
    });

    test(`${fork}: 400 blocks with corrupted frames through the ${path} never crash a stage and yield only well-formed batches`, async () => {
      for (let seed = 1; seed <= 400; seed++) await run(seed, holocene, true);
    });
  }
});
