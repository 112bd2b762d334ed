// Fuzzing the byte formats: random mutations (bit flips, truncations, splices, length-field edits)
// of real frames, channels and span batches, of channels of our own making, of blobs and of L1-info
// calldata in every format. Every input must finish quickly with a result or a typed
// SupernodeError: no crash, no hang, no untyped throw.
// The count (SUPERNODE_FUZZ_ITERATIONS) is shared by the frame, channel and span-batch targets;
// the blob and L1-info targets get as many each. `npm test` runs a reduced count; `bun run fuzz`
// runs 100,000.
import assert from "node:assert/strict";
import process from "node:process";
import { loadFixtures } from "@supernode/test-helpers/fixtures";
import { describe, test } from "@supernode/test-helpers/harness";
import type { BatchData } from "../batches/batchData.ts";
import { encodeBatchData } from "../batches/batchData.ts";
import { buildRawSpanBatch, decodeRawSpanBatch, deriveSpanBatch } from "../batches/spanBatch.ts";
import { decodeBlob, encodeBlob } from "../blobs/blob.ts";
import { compressChannel, decompressChannel, loadBrotli } from "../compression/channelCompression.ts";
import { opSepolia } from "../config/presets.ts";
import { concatBytes, hexToBytes } from "../encoding/bytes.ts";
import { rlpDecodeList, rlpEncodeString, rlpItemAt, rlpString } from "../encoding/rlp.ts";
import { SupernodeError } from "../errors.ts";
import { parseFrames } from "../frames/frame.ts";
import {
  decodeL1BlockInfo,
  encodeL1BlockInfo,
  type L1InfoFormat,
  l1BlockInfo,
} from "../l1info/l1BlockInfo.ts";
import { seededRandom } from "../testing/random.ts";
import { signedTransactions, TEST_CHAIN_ID } from "../testing/transactions.ts";
import { readChannel } from "./channelReader.ts";

await loadBrotli();

const iterations = Number(process.env.SUPERNODE_FUZZ_ITERATIONS ?? "900");
/** A generous bound: a hang, not a slow machine, is what this catches. */
const MAX_MS_PER_INPUT = 5000;
const chain = { genesisTimestamp: 1686068903, blockTime: 2, chainId: 10n };
const decodeOptions = { maxOutput: 10_000_000, fjord: true };

const random = seededRandom(0xf00d);
const randomInt = (n: number) => Math.floor(random() * n);

const boundaryU32 = [0, 1, 0xff, 0xffff, 999_999, 1_000_000, 1_000_001, 0x7fffffff, 0xffffffff];

function mutate(input: Uint8Array, lengthFieldOffsets: readonly number[]): Uint8Array {
  const kind = randomInt(5);
  if (kind === 0) {
    const out = input.slice();
    for (let i = 0, n = 1 + randomInt(8); i < n; i++) {
      const at = randomInt(out.length);
      out[at] = (out[at] ?? 0) ^ (1 << randomInt(8));
    }
    return out;
  }
  if (kind === 1) return input.slice(0, randomInt(input.length + 1));
  if (kind === 2) {
    // Splice: a copy of another stretch of the input, or random bytes, inserted somewhere.
    const at = randomInt(input.length + 1);
    const from = randomInt(input.length);
    const piece =
      random() < 0.5
        ? input.slice(from, from + randomInt(64))
        : Uint8Array.from({ length: randomInt(64) }, () => randomInt(256));
    return concatBytes([
      input.subarray(0, at),
      piece,
      input.subarray(random() < 0.5 ? at : Math.min(input.length, at + randomInt(64))),
    ]);
  }
  if (kind === 3) {
    const out = input.slice();
    const at =
      lengthFieldOffsets.length > 0 && random() < 0.7
        ? (lengthFieldOffsets[randomInt(lengthFieldOffsets.length)] ?? 0)
        : randomInt(Math.max(1, out.length - 4));
    const value = boundaryU32[randomInt(boundaryU32.length)] ?? 0;
    new DataView(out.buffer).setUint32(Math.min(at, Math.max(0, out.length - 4)), value);
    return out.length >= 4 ? out : input.slice();
  }
  // Varint-style edit: a run of continuation bytes.
  const out = input.slice();
  const at = randomInt(out.length);
  for (let i = 0; i < 1 + randomInt(11) && at + i < out.length; i++) out[at + i] = 0x80 | randomInt(128);
  return out;
}

function expand(batches: readonly BatchData[]): void {
  for (const batch of batches) if (batch.type === "span") deriveSpanBatch(batch.batch, chain);
}

type Target = { name: string; input: Uint8Array; lengthFields: number[]; run: (bytes: Uint8Array) => void };

function check(target: Target, bytes: Uint8Array): void {
  const started = performance.now();
  try {
    target.run(bytes);
  } catch (error) {
    if (!(error instanceof SupernodeError)) {
      throw new Error(`${target.name}: untyped ${String(error)} on an input of ${bytes.length} bytes`, {
        cause: error,
      });
    }
  }
  const elapsed = performance.now() - started;
  assert.ok(elapsed < MAX_MS_PER_INPUT, `${target.name}: ${elapsed.toFixed(0)} ms for one input`);
}

const runFrames = (bytes: Uint8Array) => {
  for (const frame of parseFrames(bytes)) {
    const contents = readChannel(frame.data, decodeOptions);
    expand(contents.batches);
  }
};
const runChannel = (bytes: Uint8Array) => expand(readChannel(bytes, decodeOptions).batches);
const runSpanBatch = (bytes: Uint8Array) => deriveSpanBatch(decodeRawSpanBatch(bytes), chain);

function ownTargets(): Target[] {
  const txs = signedTransactions();
  const span = buildRawSpanBatch(
    [
      { timestamp: 1686068905, epochNum: 7, transactions: txs.slice(0, 4) },
      { timestamp: 1686068907, epochNum: 8, transactions: txs.slice(4) },
    ],
    {
      ...chain,
      chainId: TEST_CHAIN_ID,
      parentHash: new Uint8Array(32),
      lastL1OriginHash: new Uint8Array(32),
    },
  );
  const rlp = concatBytes([rlpEncodeString(encodeBatchData({ type: "span", batch: span }))]);
  return (["zlib", "brotli"] as const).map((compression) => ({
    name: `own ${compression} channel`,
    input: compressChannel(rlp, compression),
    lengthFields: [],
    run: (bytes: Uint8Array) => expand(readChannel(bytes, decodeOptions).batches),
  }));
}

function codecsIITargets(): Target[] {
  const blobData = Uint8Array.from({ length: 5000 }, () => randomInt(256));
  const origin = {
    number: 123,
    timestamp: 1_700_000_000,
    hash: `0x${"ab".repeat(32)}` as const,
    baseFee: 9n,
    blobBaseFee: 2n,
  };
  const info = (format: L1InfoFormat) =>
    encodeL1BlockInfo(l1BlockInfo(format, origin, 1, opSepolia.genesis.systemConfig));
  return [
    // The blob's length field sits in bytes 2..4 of the first field element.
    {
      name: "blob",
      input: encodeBlob(blobData),
      lengthFields: [1],
      run: (bytes: Uint8Array) => decodeBlob(bytes),
    },
    ...(["bedrock", "ecotone", "isthmus", "jovian"] as const).map((format) => ({
      name: `L1 info (${format})`,
      input: info(format),
      lengthFields: [],
      run: (bytes: Uint8Array) => decodeL1BlockInfo(bytes),
    })),
  ];
}

function realTargets(): Target[] {
  const fixtures = loadFixtures();
  if (!fixtures) return [];
  const tx = fixtures.bytes("kona/derive/raw_batcher_tx.bin");
  const calldata = rlpString(tx, rlpDecodeList(tx, 1)[7]!);
  const channelData = parseFrames(calldata)[0]!.data;
  // The real span batch: the decompressed channel's first RLP string, after its type byte.
  const stream = decompressChannel(channelData, decodeOptions).output;
  const item = rlpItemAt(stream, 0);
  const realSpan = stream.subarray(item.payloadStart + 1, item.end);
  const rawSpan = fixtures.bytes("kona/protocol/raw_span_batch.bin");
  return [
    // Frame header length field at 1 + 16 + 2.
    { name: "real frames", input: calldata, lengthFields: [19], run: runFrames },
    { name: "real channel", input: channelData, lengthFields: [], run: runChannel },
    { name: "real span batch (OP Mainnet, 27 blocks)", input: realSpan, lengthFields: [], run: runSpanBatch },
    { name: "kona's synthetic span batch", input: rawSpan, lengthFields: [], run: runSpanBatch },
    {
      name: "real zlib channel (batch.hex head)",
      input: hexToBytes(fixtures.text("kona/derive/batch.hex")).subarray(0, 60_000),
      lengthFields: [],
      run: runChannel,
    },
  ];
}

describe("fuzz: mutated frames, channels and span batches", () => {
  const codecsI = [...ownTargets(), ...realTargets()];
  const targets = [...codecsI, ...codecsIITargets()];
  const perTarget = Math.ceil(iterations / codecsI.length);
  for (const target of targets) {
    test(`${target.name}: ${perTarget} mutations end in a result or a typed error`, () => {
      check(target, target.input);
      for (let i = 0; i < perTarget; i++) check(target, mutate(target.input, target.lengthFields));
    });
  }
});
