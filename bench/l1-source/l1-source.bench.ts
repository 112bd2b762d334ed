#!/usr/bin/env bun
// N = 1, 2, 4, 8 simulated chains each read the same 500 L1 blocks (transactions, receipts, and
// the blobs of blob transactions) from one anvil through one shared L1 source, as fast as they
// can, from staggered start positions. Reports upstream requests and bytes per L1 block, the
// ratio to N = 1, and blobs fetched / blobs needed.
// Run: bun bench/l1-source/l1-source.bench.ts
import { Registry } from "prom-client";
import { createWalletClient, http, parseGwei, toBlobs, toHex } from "viem";
import { privateKeyToAccount } from "viem/accounts";
import { foundry } from "viem/chains";
import {
  BeaconClient,
  createKzgCommitment,
  createL1SourceMetrics,
  L1Client,
  RpcClient,
  viemKzg,
} from "../../packages/l1-source/src/index.ts";
import {
  bytesToHex,
  type Hash,
  rlpDecodeList,
  rlpListItems,
  rlpString,
} from "../../packages/protocol/src/index.ts";
import { startAnvil } from "../../tests/helpers/anvil.ts";

const BLOCKS = Number(process.env.BENCH_BLOCKS ?? 500);
const anvil = await startAnvil(["--block-time", "1000"]);
const account = privateKeyToAccount("0xac0974bec39a17e36ba4a6b4d238ff944bacb478cbed5efcae784d7bf4f2ff80");
const wallet = createWalletClient({ account, chain: foundry, transport: http(anvil.url) });
const kzg = viemKzg();
const other = "0x70997970c51812dc3a010c7d01b50e0d17dc79c8";

console.error(`preparing ${BLOCKS} L1 blocks…`);
await anvil.rpc("evm_setAutomine", [false]);
let nonce = 0;
let blobsInChain = 0;
for (let n = 1; n <= BLOCKS; n++) {
  for (let i = 0; i < 2; i++) {
    await wallet.sendTransaction({
      to: other,
      value: BigInt(n),
      nonce: nonce++,
      gas: 21000n,
      maxFeePerGas: parseGwei("10"),
      maxPriorityFeePerGas: 1n,
    });
  }
  if (n % 20 === 0) {
    const blobs = toBlobs({ data: toHex(new Uint8Array(2000).fill(n & 0xff)) });
    await wallet.sendTransaction({
      blobs,
      kzg,
      to: other,
      nonce: nonce++,
      gas: 100000n,
      maxFeePerBlobGas: parseGwei("30"),
      maxFeePerGas: parseGwei("10"),
      maxPriorityFeePerGas: 1n,
    });
    blobsInChain += blobs.length;
  }
  await anvil.rpc("evm_mine", []);
}

/** A counting proxy for JSON-RPC and the beacon endpoints. */
function countingProxy() {
  const counts = { requests: 0, bytes: 0 };
  const server = Bun.serve({
    hostname: "127.0.0.1",
    port: 0,
    async fetch(request) {
      const url = new URL(request.url);
      const upstream = await fetch(`${anvil.url}${url.pathname}${url.search}`, {
        method: request.method,
        headers: { "content-type": "application/json" },
        ...(request.method === "POST" ? { body: await request.text() } : {}),
      });
      const body = await upstream.arrayBuffer();
      counts.requests++;
      counts.bytes += body.byteLength;
      return new Response(body, { status: upstream.status, headers: { "content-type": "application/json" } });
    },
  });
  return { url: `http://127.0.0.1:${server.port}`, counts, stop: () => server.stop(true) };
}

function blobHashes(tx: Uint8Array): Hash[] {
  if (tx[0] !== 3) return [];
  const items = rlpDecodeList(tx, 1);
  return rlpListItems(tx, items[10]!).map((item) => bytesToHex(rlpString(tx, item)));
}

const commit = createKzgCommitment();
const STAGGER = 31;
// The default window (cacheBlocks / 2 = 500) holds the whole spread; the narrow one (64 blocks)
// is smaller than the spread at N >= 4 (up to 7 × 31 = 217 blocks), so the chains furthest
// behind leave the window and read uncached: what a lagging chain costs.
const windows = [
  { name: "default window (500 blocks)", cacheBlocks: 1000, windowBlocks: 500 },
  { name: "narrow window (64 blocks)", cacheBlocks: 128, windowBlocks: 64 },
];
type Row = { n: number; requests: number; bytes: number; blobsFetched: number };
const tables: { name: string; rows: Row[] }[] = [];
for (const window of windows) {
  const rows: Row[] = [];
  tables.push({ name: window.name, rows });
  for (const chains of [1, 2, 4, 8]) {
    const proxy = countingProxy();
    const l1 = new L1Client(new RpcClient({ url: proxy.url }), {
      cacheBlocks: window.cacheBlocks,
      windowBlocks: window.windowBlocks,
    });
    const metrics = createL1SourceMetrics(new Registry());
    const beacon = new BeaconClient({ urls: [proxy.url], secondsPerSlot: 1, commit, metrics });
    const read = async (start: number) => {
      for (let k = 0; k < BLOCKS; k++) {
        const n = 1 + ((start + k) % BLOCKS);
        const header = await l1.headerByNumber(n);
        const [txs] = await Promise.all([l1.transactions(header.hash), l1.receipts(header.hash)]);
        let index = 0;
        const requested: { index: number; versionedHash: Hash }[] = [];
        for (const tx of txs)
          for (const versionedHash of blobHashes(tx)) requested.push({ index: index++, versionedHash });
        if (requested.length > 0) await beacon.blobs(n, requested);
      }
    };
    await Promise.all(Array.from({ length: chains }, (_, i) => read(i * STAGGER)));
    const blobsFetched = (await metrics.blobsFetched.get()).values[0]?.value ?? 0;
    rows.push({ n: chains, requests: proxy.counts.requests, bytes: proxy.counts.bytes, blobsFetched });
    proxy.stop();
  }
}
await anvil.stop();

console.log(
  `${BLOCKS} L1 blocks, 2 transfers each, a blob tx every 20th (${blobsInChain} blobs); starts ${STAGGER} blocks apart`,
);
for (const { name, rows } of tables) {
  const base = rows[0]!;
  console.log(`\n${name}\n`);
  console.log(
    "| chains | upstream requests / L1 block | bytes / L1 block | ratio to N=1 (requests) | ratio (bytes) | blobs fetched / needed |",
  );
  console.log("|---:|---:|---:|---:|---:|---:|");
  for (const row of rows) {
    console.log(
      `| ${row.n} | ${(row.requests / BLOCKS).toFixed(3)} | ${Math.round(row.bytes / BLOCKS)} | ${(row.requests / base.requests).toFixed(3)} | ${(row.bytes / base.bytes).toFixed(3)} | ${(row.blobsFetched / blobsInChain).toFixed(2)} |`,
    );
  }
}
