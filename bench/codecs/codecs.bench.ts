#!/usr/bin/env bun
// Codec benchmark on the real OP Mainnet channel (../shared/fixtures/kona/derive/batch.hex):
// inflate and full decode (inflate + RLP + span-batch expansion + transaction rebuild), against
// node:zlib inflateSync of the same bytes; the same for brotli on a recompressed copy.
// Run: bun bench/codecs/codecs.bench.ts   (or: bun run bench)
import { brotliCompressSync, brotliDecompressSync, constants, inflateSync } from "node:zlib";
import { nativeDecompressors } from "../../apps/supernode/src/nativeDecompressors.ts";
import {
  brotliDecompress,
  concatBytes,
  type DecompressOptions,
  decompressChannel,
  deriveSpanBatch,
  inflateZlib,
  loadBrotli,
  readChannel,
} from "../../packages/protocol/src/index.ts";
import { loadRealChannel } from "../realChannel.ts";

await loadBrotli();

const RUNS = Number(process.env.BENCH_RUNS ?? 40);
const WARMUP = 5;
const chain = { genesisTimestamp: 1686068903, blockTime: 2, chainId: 10n };

function median(fn: () => void): number {
  for (let i = 0; i < WARMUP; i++) fn();
  const times: number[] = [];
  for (let i = 0; i < RUNS; i++) {
    const start = performance.now();
    fn();
    times.push(performance.now() - start);
  }
  times.sort((a, b) => a - b);
  return times[Math.floor(times.length / 2)] ?? 0;
}

function fullDecode(channel: Uint8Array, options: DecompressOptions): number {
  const contents = readChannel(channel, options);
  let blocks = 0;
  for (const batch of contents.batches) {
    if (batch.type === "span") blocks += deriveSpanBatch(batch.batch, chain).elements.length;
  }
  return blocks;
}

const zlibChannel = loadRealChannel();
const rlp = inflateSync(zlibChannel);
const brotliBody = brotliCompressSync(rlp, { params: { [constants.BROTLI_PARAM_QUALITY]: 10 } });
const brotliChannel = concatBytes([Uint8Array.of(1), brotliBody]);
const portable: DecompressOptions = { maxOutput: 100_000_000, fjord: true };
const app: DecompressOptions = { ...portable, native: nativeDecompressors };
const blocks = fullDecode(zlibChannel, app);

const rows: [string, number, number][] = [];
function measure(name: string, baseline: number, fn: () => void) {
  const ms = median(fn);
  rows.push([name, ms, ms / baseline]);
}

const zlibBase = median(() => inflateSync(zlibChannel));
rows.push(["zlib: node:zlib inflateSync (baseline)", zlibBase, 1]);
measure("zlib: inflate, app decoder (native fast path)", zlibBase, () => decompressChannel(zlibChannel, app));
measure("zlib: inflate, portable (pure TS)", zlibBase, () => inflateZlib(zlibChannel));
measure("zlib: full decode, app decoder", zlibBase, () => fullDecode(zlibChannel, app));
measure("zlib: full decode, portable", zlibBase, () => fullDecode(zlibChannel, portable));

const brotliBase = median(() => brotliDecompressSync(brotliBody));
rows.push(["brotli: node:zlib brotliDecompressSync (baseline)", brotliBase, 1]);
measure("brotli: decompress, app decoder (native fast path)", brotliBase, () =>
  decompressChannel(brotliChannel, app),
);
measure("brotli: decompress, portable (brotli-wasm)", brotliBase, () => brotliDecompress(brotliBody));
measure("brotli: full decode, app decoder", brotliBase, () => fullDecode(brotliChannel, app));
measure("brotli: full decode, portable", brotliBase, () => fullDecode(brotliChannel, portable));

console.log(
  `channel: ${zlibChannel.length} B zlib, ${brotliChannel.length} B brotli (quality 10), ${rlp.length} B RLP, ${blocks} L2 blocks; median of ${RUNS} runs`,
);
console.log("| measurement | median ms | × baseline | L2 blocks/s |");
console.log("|---|---:|---:|---:|");
for (const [name, ms, ratio] of rows) {
  const rate = name.includes("full decode") ? Math.round((blocks / ms) * 1000).toLocaleString("en-US") : "";
  console.log(`| ${name} | ${ms.toFixed(2)} | ${ratio.toFixed(2)} | ${rate} |`);
}
