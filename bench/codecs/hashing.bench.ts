#!/usr/bin/env bun
// keccak256 throughput (ours: hash-wasm behind protocol's keccak256; viem's, in the same run) on
// 1 MiB and 200-byte inputs, and OP blob decode/encode throughput.
// Run: bun bench/codecs/hashing.bench.ts
import { keccak256 as viemKeccak } from "viem";
import {
  decodeBlob,
  encodeBlob,
  keccak256,
  loadKeccak,
  MAX_BLOB_DATA_SIZE,
} from "../../packages/protocol/src/index.ts";

await loadKeccak();

function mbPerSecond(bytesPerCall: number, fn: () => void, minMs = 1500): number {
  for (let i = 0; i < 5; i++) fn();
  let calls = 0;
  const start = performance.now();
  while (performance.now() - start < minMs) {
    fn();
    calls++;
  }
  const seconds = (performance.now() - start) / 1000;
  return (calls * bytesPerCall) / seconds / 1e6;
}

const big = new Uint8Array(1 << 20).map((_, i) => i & 0xff);
const small = big.subarray(0, 200);
const smallBatch = 5000;
const blobData = big.subarray(0, MAX_BLOB_DATA_SIZE);
const blob = encodeBlob(blobData);

const rows: [string, number][] = [
  ["keccak256 1 MiB, ours (hash-wasm)", mbPerSecond(big.length, () => keccak256(big))],
  ["keccak256 1 MiB, viem", mbPerSecond(big.length, () => viemKeccak(big))],
  [
    "keccak256 200 B, ours (hash-wasm)",
    mbPerSecond(200 * smallBatch, () => {
      for (let i = 0; i < smallBatch; i++) keccak256(small);
    }),
  ],
  [
    "keccak256 200 B, viem",
    mbPerSecond(200 * smallBatch, () => {
      for (let i = 0; i < smallBatch; i++) viemKeccak(small);
    }),
  ],
  ["blob decode (130,044 B of data)", mbPerSecond(blobData.length, () => decodeBlob(blob))],
  ["blob encode (130,044 B of data)", mbPerSecond(blobData.length, () => encodeBlob(blobData))],
];
console.log("| measurement | MB/s |");
console.log("|---|---:|");
for (const [name, rate] of rows) console.log(`| ${name} | ${rate.toFixed(1)} |`);
