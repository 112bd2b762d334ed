#!/usr/bin/env bun
// Makes the inputs of the damaged-channel test: one multi-batch channel per compression, built
// with our own encoder, plus the corruption sample (offset and XOR mask). The expected batch
// counts are computed independently by damaged-channels/main.go (Go's compress/zlib, the reader
// op-node uses, and libbrotli's C decoder), never by this project's decoders.
// Usage: bun scripts/vectors/make-damaged-channels.ts && (cd scripts/vectors/damaged-channels && go run .)
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import {
  bytesToHex,
  compressChannel,
  concatBytes,
  encodeBatchData,
  loadBrotli,
  rlpEncodeString,
  type SingularBatch,
} from "../../packages/protocol/src/index.ts";
import { seededRandom } from "../../packages/protocol/src/testing/random.ts";

await loadBrotli();

// The same generator and seed remake the same data.
const random = seededRandom(0x5eed);

function bytes(length: number, compressible: boolean): Uint8Array {
  const out = new Uint8Array(length);
  for (let i = 0; i < length; i++)
    out[i] = compressible ? (i * 7 + Math.floor(random() * 3)) & 0xff : Math.floor(random() * 256);
  return out;
}

const hash = () => bytesToHex(bytes(32, false));

const batches: SingularBatch[] = Array.from({ length: 12 }, (_, i) => ({
  parentHash: hash(),
  epochNum: 1000 + Math.floor(i / 4),
  epochHash: hash(),
  timestamp: 1_700_000_000 + 2 * i,
  transactions: Array.from({ length: i % 4 }, (_, j) => bytes(20 + ((i * 37 + j * 11) % 90), j % 2 === 0)),
}));
const rlp = concatBytes(
  batches.map((batch) => rlpEncodeString(encodeBatchData({ type: "singular", batch }))),
);

function corruptions(length: number): { offset: number; mask: number }[] {
  return Array.from({ length: 150 }, () => ({
    offset: Math.floor(random() * length),
    mask: 1 << Math.floor(random() * 8),
  }));
}

const channels = (["zlib", "brotli"] as const).map((compression) => {
  const data = compressChannel(rlp, compression);
  return { compression, data: bytesToHex(data), corruptions: corruptions(data.length) };
});

const out = join(
  import.meta.dir,
  "..",
  "..",
  "packages",
  "protocol",
  "testdata",
  "damaged-channels.input.json",
);
writeFileSync(
  out,
  `${JSON.stringify({ batchCount: batches.length, rlp: bytesToHex(rlp), channels }, null, 1)}\n`,
);
console.log(`wrote ${out}`);
