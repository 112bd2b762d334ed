#!/usr/bin/env bun
// Derivation stages on the real OP Mainnet channel (../shared/fixtures/kona/derive/batch.hex:
// 143 L2 blocks, 1,766 transactions, ~9.9 KB of RLP a block): 20 copies of it under distinct
// channel ids, half delivered as calldata items and half as blobs (decoded in the run), through
// the frame queue, channel bank, channel reader, span-batch derivation and the attributes builder
// (fake L1 ports). Reported as L2 blocks/s next to the codec-only rate (readChannel + span-batch
// derivation) of the same data in the same run. Targets: ≥ 0.7 × codec-only and ≥ 3,000 blocks/s.
// Run: bun bench/derivation/derivation.bench.ts
import { buildAttributes, type EpochSource } from "../../packages/derivation/src/stages/attributesBuilder.ts";
import { ChannelBank } from "../../packages/derivation/src/stages/channelBank.ts";
import { ChannelReader } from "../../packages/derivation/src/stages/channelReader.ts";
import { FrameQueue } from "../../packages/derivation/src/stages/frameQueue.ts";
import {
  concatBytes,
  decodeBlob,
  deriveSpanBatch,
  encodeBlob,
  encodeFrame,
  ForkSchedule,
  framesOfChannel,
  type Hash,
  type L1BlockRef,
  type L2BlockRef,
  loadProtocolWasm,
  opMainnet,
  readChannel,
  sepoliaL1,
} from "../../packages/protocol/src/index.ts";
import { loadRealChannel } from "../realChannel.ts";

await loadProtocolWasm();
const channel = loadRealChannel();
const COPIES = 20;
const forks = new ForkSchedule(opMainnet);
const chain = { genesisTimestamp: opMainnet.genesis.l2Time, blockTime: 2, chainId: 10n };
const origin: L1BlockRef = {
  hash: `0x${"22".repeat(32)}`,
  number: 20_089_780,
  parentHash: `0x${"21".repeat(32)}`,
  timestamp: 1_718_365_000,
};
const MAX_BLOB_DATA = 130_044;

// Data items: calldata items carry whole channels' frames; blob items one frame each, as blobs.
type Item = { kind: "calldata"; data: Uint8Array } | { kind: "blob"; blob: Uint8Array };
const items: Item[] = [];
for (let copy = 0; copy < COPIES; copy++) {
  const id = new Uint8Array(16).fill(copy + 1);
  if (copy % 2 === 0) {
    const frames = framesOfChannel(id, channel, 120_000);
    items.push({ kind: "calldata", data: concatBytes([new Uint8Array([0]), ...frames.map(encodeFrame)]) });
  } else {
    for (const frame of framesOfChannel(id, channel, MAX_BLOB_DATA - 1)) {
      items.push({ kind: "blob", blob: encodeBlob(concatBytes([new Uint8Array([0]), encodeFrame(frame)])) });
    }
  }
}
const blobCount = items.filter((i) => i.kind === "blob").length;

const hashOf = (n: number): Hash => `0x${n.toString(16).padStart(64, "0")}`;
const l1: EpochSource = {
  header: async (epoch) => ({
    ref: {
      hash: hashOf(epoch.number),
      number: epoch.number,
      parentHash: hashOf(epoch.number - 1),
      timestamp: 1_718_364_000,
    },
    baseFee: 7n,
    mixHash: hashOf(1),
    parentBeaconBlockRoot: hashOf(2),
    excessBlobGas: 0n,
  }),
  receipts: async () => [],
};
const attributesConfig = {
  forks,
  blockTime: 2,
  depositContractAddress: opMainnet.depositContractAddress,
  systemConfigAddress: opMainnet.l1SystemConfigAddress,
  blobFees: { l1: sepoliaL1 },
};

async function stages(): Promise<number> {
  let next = 0;
  const source = {
    origin,
    next: async () => {
      const item = items[next++];
      if (!item) return null;
      return item.kind === "calldata" ? item.data : decodeBlob(item.blob);
    },
  };
  const reader = new ChannelReader(
    new ChannelBank(new FrameQueue(source, forks), { forks, channelTimeout: 300 }),
    forks,
  );
  let blocks = 0;
  for (let read = await reader.next(); read !== null; read = await reader.next()) {
    if (read.batch.type !== "span") continue;
    const span = deriveSpanBatch(read.batch.batch, chain);
    let previousEpoch = -1;
    let seq = 0;
    for (const element of span.elements) {
      const sameEpoch = element.epochNum === previousEpoch;
      seq = sameEpoch ? seq + 1 : 0;
      const parent: L2BlockRef = {
        hash: hashOf(0xbeef),
        number: 1,
        parentHash: hashOf(0xbeee),
        timestamp: element.timestamp - 2,
        l1origin: sameEpoch
          ? { hash: hashOf(element.epochNum), number: element.epochNum }
          : { hash: hashOf(element.epochNum - 1), number: element.epochNum - 1 },
        sequenceNumber: seq - 1,
      };
      await buildAttributes(
        attributesConfig,
        l1,
        parent,
        { hash: hashOf(element.epochNum), number: element.epochNum },
        opMainnet.genesis.systemConfig,
        element.transactions,
      );
      previousEpoch = element.epochNum;
      blocks++;
    }
  }
  return blocks;
}

function codecOnly(): number {
  let blocks = 0;
  for (let copy = 0; copy < COPIES; copy++) {
    for (const batch of readChannel(channel, { maxOutput: 10_000_000, fjord: false }).batches) {
      if (batch.type === "span") blocks += deriveSpanBatch(batch.batch, chain).elements.length;
    }
  }
  return blocks;
}

// The two paths run alternately, so both see the same machine load (this machine's speed drifts
// by ±25 % over a run); each reports its median time, and the ratio is the median of the
// per-round ratios.
const ROUNDS = 9;
await codecOnly(); // warm up
await stages();
const codecTimes: number[] = [];
const stageTimes: number[] = [];
const ratios: number[] = [];
let blocks = 0;
for (let round = 0; round < ROUNDS; round++) {
  let start = performance.now();
  blocks = codecOnly();
  const codecTime = performance.now() - start;
  start = performance.now();
  if ((await stages()) !== blocks) throw new Error("the two paths derived different block counts");
  const stageTime = performance.now() - start;
  codecTimes.push(codecTime);
  stageTimes.push(stageTime);
  ratios.push(codecTime / stageTime);
}
const median = (values: number[]) =>
  [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)] as number;
const codec = blocks / (median(codecTimes) / 1000);
const full = blocks / (median(stageTimes) / 1000);
const ratio = median(ratios);
console.log(
  `data: ${COPIES} copies of the real channel (${(COPIES * 143).toLocaleString()} L2 blocks), ${COPIES / 2} as calldata, ${COPIES / 2} as ${blobCount} blobs; ${ROUNDS} alternating rounds`,
);
console.log(`codec only (readChannel + span derivation): ${codec.toFixed(0)} L2 blocks/s`);
console.log(
  `stages to attributes:                       ${full.toFixed(0)} L2 blocks/s  (${ratio.toFixed(2)} × codec-only, median of per-round ratios; targets ≥ 0.7 × and ≥ 3,000)`,
);
