#!/usr/bin/env bun
// The core claim: one supernode for N chains reads L1 once. A 4-chain devnet (fast clock, blobs,
// traffic on) builds BENCH_BLOCKS L1 blocks of batches for every chain and then stands still;
// the compiled supernode binary, with a fresh replica engine per chain, catches up chains 901
// (N = 1), 901–902 (N = 2) and 901–904 (N = 4) from genesis over that one, identical L1 range.
// Its --l1 and --l1.beacon point at a counting proxy (JSON-RPC calls by method, beacon paths,
// response bytes, blobs returned). Reports per N: upstream requests and bytes per L1 block and
// their ratio to N = 1, blobs fetched ÷ blobs needed, the binary's idle RSS after a settle and
// RSS per extra chain, and the binary's cold start to the first heartbeat_check answer.
// Run: bun bench/supernode/supernode.bench.ts     # BENCH_BLOCKS=100 L1 blocks, BENCH_RUNS=3 rounds
//   [--l1.http-poll-interval 1s]  (passed to the supernode; default: the product's 12 s)
import { mkdirSync, mkdtempSync, openSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { loadavg, tmpdir } from "node:os";
import { join, resolve } from "node:path";
import type { Subprocess } from "bun";
import type { ChainEngine } from "../../apps/devnet/src/chains/devnetChain.ts";
import { Devnet, type DevnetChainRuntime } from "../../apps/devnet/src/devnet.ts";
import { walkBatches } from "../../apps/devnet/src/test/devnetChecks.ts";
import {
  BeaconClient,
  createKzgCommitment,
  L1Client,
  RpcClient,
} from "../../packages/l1-source/src/index.ts";
import { bytesToHex, type Hash } from "../../packages/protocol/src/index.ts";
import { rpcCall } from "../../tests/helpers/jsonRpc.ts";

const L1_BLOCKS = Number(process.env.BENCH_BLOCKS ?? 100);
const ROUNDS = Number(process.env.BENCH_RUNS ?? 3);
const COLD_STARTS = 5;
const SETTLE_MS = 15_000;
const pollFlag = process.argv.indexOf("--l1.http-poll-interval");
const POLL_INTERVAL = pollFlag > 0 ? process.argv[pollFlag + 1] : undefined;
const CHAIN_COUNTS = [1, 2, 4] as const;
const CATCH_UP_TIMEOUT_MS = 300_000;
const ROOT = resolve(import.meta.dir, "../..");

// ---------------------------------------------------------------------------------------------
// Everything started here is stopped at the end, also on failure and on SIGINT/SIGTERM.

const work = mkdtempSync(join(tmpdir(), "bench-supernode-"));
const children = new Set<Subprocess>();
const cleanups: (() => Promise<void>)[] = [];
let cleaned = false;

async function cleanup(): Promise<void> {
  if (cleaned) return;
  cleaned = true;
  for (const child of children) child.kill("SIGKILL");
  for (const stop of cleanups.reverse()) await stop().catch(() => undefined);
  rmSync(work, { recursive: true, force: true });
}
process.on("exit", () => {
  for (const child of children) child.kill("SIGKILL");
});
for (const signal of ["SIGINT", "SIGTERM"] as const)
  process.once(signal, () => {
    void cleanup().finally(() => process.exit(130));
  });

function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2
    ? (sorted[mid] as number)
    : ((sorted[mid - 1] as number) + (sorted[mid] as number)) / 2;
}

// ---------------------------------------------------------------------------------------------
// The counting proxy: forwards to anvil (JSON-RPC and its beacon endpoints) and counts.

interface Counts {
  /** JSON-RPC HTTP requests (a batch is one). */
  rpcHttp: number;
  /** JSON-RPC calls by key (see callKey). */
  calls: Map<string, number>;
  /** JSON-RPC response bytes by key (a batch's answer is split by its elements' JSON length). */
  bytes: Map<string, number>;
  /** Beacon GETs by path, the slot replaced by {slot}. */
  beacon: Map<string, number>;
  rpcBytes: number;
  beaconBytes: number;
  blobs: number;
}

const emptyCounts = (): Counts => ({
  rpcHttp: 0,
  calls: new Map(),
  bytes: new Map(),
  beacon: new Map(),
  rpcBytes: 0,
  beaconBytes: 0,
  blobs: 0,
});

function cloneCounts(c: Counts): Counts {
  return { ...c, calls: new Map(c.calls), bytes: new Map(c.bytes), beacon: new Map(c.beacon) };
}

function minus(a: Counts, b: Counts): Counts {
  const sub = (x: Map<string, number>, y: Map<string, number>) =>
    new Map([...x].map(([k, v]) => [k, v - (y.get(k) ?? 0)] as const).filter(([, v]) => v !== 0));
  return {
    rpcHttp: a.rpcHttp - b.rpcHttp,
    calls: sub(a.calls, b.calls),
    bytes: sub(a.bytes, b.bytes),
    beacon: sub(a.beacon, b.beacon),
    rpcBytes: a.rpcBytes - b.rpcBytes,
    beaconBytes: a.beaconBytes - b.beaconBytes,
    blobs: a.blobs - b.blobs,
  };
}

const sumCalls = (c: Counts) => [...c.calls.values()].reduce((a, b) => a + b, 0);
/** Calls made because time passed, not because a block of the range was read. */
const isPoll = (key: string) => /^eth_getBlockByNumber\((latest|safe|finalized|past the head)\)$/.test(key);
const pollCalls = (c: Counts) => [...c.calls].reduce((a, [k, v]) => a + (isPoll(k) ? v : 0), 0);
const pollBytes = (c: Counts) => [...c.bytes].reduce((a, [k, v]) => a + (isPoll(k) ? v : 0), 0);
const sumBeacon = (c: Counts) => [...c.beacon.values()].reduce((a, b) => a + b, 0);

/**
 * The method, with eth_getBlockByNumber split by what it asks (a label, a block past the L1 head,
 * a number) and "again" added when the same call (method and params) came through before.
 */
function callKey(call: { method?: unknown; params?: unknown }, head: number, seen: Set<string>): string {
  const method = String(call.method);
  const params = Array.isArray(call.params) ? call.params : [];
  const signature = `${method}${JSON.stringify(params)}`;
  const again = seen.has(signature) ? " again" : "";
  seen.add(signature);
  if (method === "eth_getBlockByNumber") {
    const tag = String(params[0]);
    if (!tag.startsWith("0x")) return `eth_getBlockByNumber(${tag})`;
    if (Number(tag) > head) return "eth_getBlockByNumber(past the head)";
    return `eth_getBlockByNumber(number)${again}`;
  }
  if (method === "eth_getBlockByHash") return `eth_getBlockByHash(full=${params[1] === true})${again}`;
  return `${method}${again}`;
}

function countingProxy(upstream: string, head = Number.POSITIVE_INFINITY) {
  const counts = emptyCounts();
  const seen = new Set<string>();
  const server = Bun.serve({
    hostname: "127.0.0.1",
    port: 0,
    idleTimeout: 60,
    async fetch(request) {
      const url = new URL(request.url);
      const body = request.method === "POST" ? await request.text() : undefined;
      const answer = await fetch(`${upstream}${url.pathname}${url.search}`, {
        method: request.method,
        headers: { "content-type": "application/json" },
        ...(body === undefined ? {} : { body }),
      });
      const bytes = new Uint8Array(await answer.arrayBuffer());
      if (body !== undefined) {
        counts.rpcHttp++;
        counts.rpcBytes += bytes.byteLength;
        try {
          const parsed = JSON.parse(body) as unknown;
          const calls = (Array.isArray(parsed) ? parsed : [parsed]) as {
            id?: unknown;
            method?: unknown;
            params?: unknown;
          }[];
          const answers = Array.isArray(parsed)
            ? new Map(
                (JSON.parse(new TextDecoder().decode(bytes)) as { id?: unknown }[]).map(
                  (a) => [a.id, JSON.stringify(a).length] as const,
                ),
              )
            : null;
          for (const call of calls) {
            const key = callKey(call, head, seen);
            const size = answers ? (answers.get(call.id) ?? 0) : bytes.byteLength;
            counts.calls.set(key, (counts.calls.get(key) ?? 0) + 1);
            counts.bytes.set(key, (counts.bytes.get(key) ?? 0) + size);
          }
        } catch {
          counts.calls.set("(unparsable)", (counts.calls.get("(unparsable)") ?? 0) + 1);
        }
      } else {
        counts.beaconBytes += bytes.byteLength;
        const path = url.pathname.replace(/\/\d+(?=\/|$)/g, "/{slot}");
        counts.beacon.set(path, (counts.beacon.get(path) ?? 0) + 1);
        if (answer.ok && /\/(blobs|blob_sidecars)\//.test(url.pathname)) {
          const json = JSON.parse(new TextDecoder().decode(bytes)) as { data?: unknown[] };
          counts.blobs += json.data?.length ?? 0;
        }
      }
      return new Response(bytes, {
        status: answer.status,
        headers: { "content-type": answer.headers.get("content-type") ?? "application/json" },
      });
    },
  });
  return { url: `http://127.0.0.1:${server.port}`, counts, stop: () => server.stop(true) };
}

// ---------------------------------------------------------------------------------------------
// The supernode binary.

async function buildBinary(): Promise<{ bin: string; seconds: number }> {
  const bin = join(work, "bin", "supernode");
  const started = performance.now();
  const build = Bun.spawn(
    [
      process.execPath,
      "build",
      "--compile",
      "--asset-naming=[name].[ext]",
      "--outfile",
      bin,
      "src/main.ts",
      "../../node_modules/brotli-wasm/pkg.web/brotli_wasm_bg.wasm",
    ],
    { cwd: join(ROOT, "apps/supernode"), stdout: "ignore", stderr: "pipe" },
  );
  children.add(build);
  const code = await build.exited;
  children.delete(build);
  if (code !== 0) throw new Error(`bun build --compile failed: ${await new Response(build.stderr).text()}`);
  return { bin, seconds: (performance.now() - started) / 1000 };
}

interface Running {
  readonly proc: Subprocess<"ignore", "pipe", number>;
  readonly rpc: string;
  readonly metrics: string;
  readonly log: string;
  stop(): Promise<void>;
}

function supernodeArgs(
  devnet: Devnet,
  chains: readonly { runtime: DevnetChainRuntime; engine: string }[],
  l1: string,
  jwt: string,
  dataDir: string,
  rpcPort: number,
): string[] {
  const args = [
    "run",
    "--l1",
    l1,
    "--l1.beacon",
    l1,
    "--l1.slot-duration",
    String(devnet.l1.blockTime),
    "--data-dir",
    dataDir,
    "--rpc.port",
    String(rpcPort),
    "--metrics.enabled",
    "--metrics.port",
    "0",
    "--log.level",
    "warn",
    "--chains",
    chains.map((c) => c.runtime.chain.chainId).join(","),
    "--vn.all.l2.jwt-secret",
    jwt,
    "--vn.all.rollup.l1-chain-config",
    devnet.endpoints.l1.chainConfig,
  ];
  if (POLL_INTERVAL) args.push("--l1.http-poll-interval", POLL_INTERVAL);
  for (const { runtime, engine } of chains)
    args.push(
      `--vn.${runtime.chain.chainId}.l2`,
      engine,
      `--vn.${runtime.chain.chainId}.rollup.config`,
      runtime.chain.files.rollup,
    );
  return args;
}

async function stopProcess(proc: Subprocess): Promise<void> {
  if (proc.exitCode !== null || proc.signalCode !== null) {
    children.delete(proc);
    return;
  }
  proc.kill("SIGTERM");
  const timer = setTimeout(() => proc.kill("SIGKILL"), 10_000);
  await proc.exited;
  clearTimeout(timer);
  children.delete(proc);
}

function spawnBinary(
  bin: string,
  args: readonly string[],
  log: string,
): Subprocess<"ignore", "pipe", number> {
  const proc = Bun.spawn([bin, ...args], {
    stdin: "ignore",
    stdout: "pipe",
    stderr: openSync(log, "w"),
  });
  children.add(proc);
  return proc;
}

async function startBinary(bin: string, args: readonly string[], log: string): Promise<Running> {
  const proc = spawnBinary(bin, args, log);
  const reader = proc.stdout.getReader();
  let text = "";
  while (!text.includes("\n")) {
    const { value, done } = await reader.read();
    if (done) {
      await stopProcess(proc);
      throw new Error(`the supernode exited before it was ready:\n${readFileSync(log, "utf8").slice(-2000)}`);
    }
    text += new TextDecoder().decode(value);
  }
  // Keep draining stdout (nothing more is expected) so the pipe never fills.
  void (async () => {
    while (!(await reader.read()).done);
  })().catch(() => undefined);
  const ready = (JSON.parse(text.slice(0, text.indexOf("\n"))) as { ready: { rpc: string; metrics: string } })
    .ready;
  return {
    proc,
    rpc: ready.rpc.replace(/\/$/, ""),
    metrics: ready.metrics,
    log,
    stop: () => stopProcess(proc),
  };
}

function rssKb(pid: number): { rss: number; hwm: number } {
  const status = readFileSync(`/proc/${pid}/status`, "utf8");
  const field = (name: string) => Number(new RegExp(`^${name}:\\s+(\\d+) kB`, "m").exec(status)?.[1] ?? NaN);
  return { rss: field("VmRSS"), hwm: field("VmHWM") };
}

/** Sums every sample of a Prometheus metric (all label sets). */
function metricSum(text: string, name: string): number {
  let sum = 0;
  for (const line of text.split("\n"))
    if (line.startsWith(name) && (line[name.length] === "{" || line[name.length] === " "))
      sum += Number(line.slice(line.lastIndexOf(" ") + 1));
  return sum;
}

async function freePort(): Promise<number> {
  const server = Bun.serve({ hostname: "127.0.0.1", port: 0, fetch: () => new Response() });
  const port = server.port as number;
  await server.stop(true);
  return port;
}

// ---------------------------------------------------------------------------------------------
// The L1 range.

interface ChainFacts {
  readonly runtime: DevnetChainRuntime;
  /** The last L2 block the batches in the range derive. */
  readonly target: number;
  /** Blob versioned hashes of the chain's batcher transactions in the range. */
  readonly blobs: number;
  readonly batcherTxs: number;
}

async function chainFacts(devnet: Devnet, from: number, to: number): Promise<ChainFacts[]> {
  const facts: ChainFacts[] = [];
  const blocks: {
    transactions: { to: string | null; from: string; type: string; blobVersionedHashes?: Hash[] }[];
  }[] = [];
  for (let n = from; n <= to; n++)
    blocks.push(await devnet.l1.anvil.rpc("eth_getBlockByNumber", [`0x${n.toString(16)}`, true]));
  for (const runtime of devnet.runtimes) {
    const walk = await walkBatches(devnet, runtime);
    if (walk.problems.length > 0)
      throw new Error(`chain ${runtime.chain.chainId}: ${walk.problems.slice(0, 3).join("; ")}`);
    const inbox = runtime.chain.rollup.batchInboxAddress.toLowerCase();
    const batcher = runtime.batcher.address.toLowerCase();
    let blobs = 0;
    let batcherTxs = 0;
    for (const block of blocks)
      for (const tx of block.transactions)
        if (tx.to?.toLowerCase() === inbox && tx.from.toLowerCase() === batcher) {
          batcherTxs++;
          blobs += tx.blobVersionedHashes?.length ?? 0;
        }
    facts.push({ runtime, target: Math.max(0, ...walk.derived), blobs, batcherTxs });
  }
  return facts;
}

/** What reading the range once costs: every block's header, transactions and receipts, and `blobs`. */
async function readOnce(devnet: Devnet, from: number, to: number, facts: readonly ChainFacts[]) {
  const proxy = countingProxy(devnet.l1.url);
  try {
    const l1 = new L1Client(new RpcClient({ url: proxy.url }));
    const beacon = new BeaconClient({
      urls: [proxy.url],
      secondsPerSlot: devnet.l1.blockTime,
      commit: createKzgCommitment(),
    });
    const mine = new Map(
      facts.map((f) => [
        f.runtime.chain.rollup.batchInboxAddress.toLowerCase(),
        f.runtime.batcher.address.toLowerCase(),
      ]),
    );
    for (let n = from; n <= to; n++) {
      const { hash } = await l1.headerByNumber(n);
      await Promise.all([l1.transactions(hash), l1.receipts(hash)]);
      const block = await devnet.l1.anvil.rpc<{
        transactions: { to: string | null; from: string; blobVersionedHashes?: Hash[] }[];
      }>("eth_getBlockByNumber", [`0x${n.toString(16)}`, true]);
      const hashes = block.transactions
        .filter((tx) => tx.to && mine.get(tx.to.toLowerCase()) === tx.from.toLowerCase())
        .flatMap((tx) => tx.blobVersionedHashes ?? []);
      if (hashes.length > 0) await beacon.blobsByVersionedHash(n, hashes);
    }
    return cloneCounts(proxy.counts);
  } finally {
    proxy.stop();
  }
}

// ---------------------------------------------------------------------------------------------
// One catch-up.

interface RunResult {
  readonly n: number;
  readonly round: number;
  readonly catchUpSeconds: number;
  readonly catchUp: Counts;
  readonly idle: Counts;
  readonly idleSeconds: number;
  /** Everything the proxy saw by the time the metrics were read (catch-up and idle). */
  readonly total: Counts;
  readonly rssKb: number;
  readonly hwmKb: number;
  readonly blobsNeeded: number;
  readonly metrics: { requests: number; bytes: number; blobs: number };
}

async function catchUp(
  devnet: Devnet,
  bin: string,
  facts: readonly ChainFacts[],
  l1Head: number,
  round: number,
): Promise<RunResult> {
  const n = facts.length;
  const dir = mkdtempSync(join(work, `run-${n}-`));
  const secret = crypto.getRandomValues(new Uint8Array(32));
  const jwt = join(dir, "jwt.txt");
  writeFileSync(jwt, bytesToHex(secret));
  const engines: ChainEngine[] = [];
  const proxy = countingProxy(devnet.l1.url, l1Head);
  let node: Running | null = null;
  try {
    for (const f of facts) {
      const engineDir = join(dir, `engine-${f.runtime.chain.chainId}`);
      mkdirSync(engineDir);
      engines.push(await f.runtime.chain.startReplica(engineDir, secret));
    }
    const args = supernodeArgs(
      devnet,
      facts.map((f, i) => ({ runtime: f.runtime, engine: (engines[i] as ChainEngine).url })),
      proxy.url,
      jwt,
      join(dir, "data"),
      0,
    );
    node = await startBinary(bin, args, join(dir, "supernode.log"));
    const started = performance.now();
    for (;;) {
      const statuses = await Promise.all(
        facts.map((f) =>
          rpcCall<{ current_l1: { number: number }; local_safe_l2: { number: number } }>(
            `${(node as Running).rpc}/${f.runtime.chain.chainId}`,
            "optimism_syncStatus",
          ).catch(() => null),
        ),
      );
      if (
        statuses.every(
          (s, i) =>
            s && s.local_safe_l2.number >= (facts[i] as ChainFacts).target && s.current_l1.number >= l1Head,
        )
      )
        break;
      if (node.proc.exitCode !== null)
        throw new Error(`the supernode exited:\n${readFileSync(node.log, "utf8").slice(-2000)}`);
      if (performance.now() - started > CATCH_UP_TIMEOUT_MS)
        throw new Error(
          `N=${n}: no catch-up in ${CATCH_UP_TIMEOUT_MS / 1000} s: ${JSON.stringify(statuses)}\n${readFileSync(node.log, "utf8").slice(-2000)}`,
        );
      await Bun.sleep(100);
    }
    const catchUpSeconds = (performance.now() - started) / 1000;
    const atCatchUp = cloneCounts(proxy.counts);
    const hwmKb = rssKb(node.proc.pid).hwm;
    const settleStart = performance.now();
    await Bun.sleep(SETTLE_MS);
    // The median of five samples a second apart, after the settle.
    const samples: number[] = [];
    for (let i = 0; i < 5; i++) {
      samples.push(rssKb(node.proc.pid).rss);
      if (i < 4) await Bun.sleep(1_000);
    }
    const idleSeconds = (performance.now() - settleStart) / 1000;
    const idle = minus(proxy.counts, atCatchUp);
    const text = await (await fetch(node.metrics)).text();
    const total = cloneCounts(proxy.counts);
    return {
      n,
      round,
      catchUpSeconds,
      catchUp: atCatchUp,
      idle,
      idleSeconds,
      total,
      rssKb: median(samples),
      hwmKb,
      blobsNeeded: facts.reduce((a, f) => a + f.blobs, 0),
      metrics: {
        requests: metricSum(text, "supernode_l1_requests_total"),
        bytes: metricSum(text, "supernode_l1_received_bytes_total"),
        blobs: metricSum(text, "supernode_l1_blobs_fetched_total"),
      },
    };
  } finally {
    await node?.stop();
    for (const engine of engines) await engine.stop().catch(() => undefined);
    proxy.stop();
  }
}

// ---------------------------------------------------------------------------------------------
// Cold start: spawn to the first heartbeat_check answer.

async function coldStarts(devnet: Devnet, bin: string, facts: readonly ChainFacts[]) {
  const dir = mkdtempSync(join(work, "cold-"));
  const secret = crypto.getRandomValues(new Uint8Array(32));
  const jwt = join(dir, "jwt.txt");
  writeFileSync(jwt, bytesToHex(secret));
  const engines: ChainEngine[] = [];
  const results: { heartbeatMs: number; readyMs: number }[] = [];
  try {
    for (const f of facts) {
      const engineDir = join(dir, `engine-${f.runtime.chain.chainId}`);
      mkdirSync(engineDir);
      engines.push(await f.runtime.chain.startReplica(engineDir, secret));
    }
    for (let i = 0; i < COLD_STARTS; i++) {
      const port = await freePort();
      const args = supernodeArgs(
        devnet,
        facts.map((f, k) => ({ runtime: f.runtime, engine: (engines[k] as ChainEngine).url })),
        devnet.l1.url,
        jwt,
        join(dir, `data-${i}`),
        port,
      );
      const url = `http://127.0.0.1:${port}/`;
      const body = JSON.stringify({ jsonrpc: "2.0", id: 1, method: "heartbeat_check", params: [] });
      const started = performance.now();
      const proc = spawnBinary(bin, args, join(dir, `cold-${i}.log`));
      let readyMs = Number.NaN;
      void (async () => {
        const reader = proc.stdout.getReader();
        let text = "";
        for (;;) {
          const { value, done } = await reader.read();
          if (done) return;
          text += new TextDecoder().decode(value);
          if (Number.isNaN(readyMs) && text.includes("\n")) readyMs = performance.now() - started;
        }
      })().catch(() => undefined);
      let heartbeatMs = Number.NaN;
      try {
        while (Number.isNaN(heartbeatMs)) {
          if (proc.exitCode !== null) throw new Error(`the supernode exited with ${proc.exitCode}`);
          if (performance.now() - started > 30_000) throw new Error("no heartbeat in 30 s");
          try {
            const response = await fetch(url, {
              method: "POST",
              headers: { "content-type": "application/json" },
              body,
            });
            const answer = (await response.json()) as { result?: string };
            if (typeof answer.result === "string") heartbeatMs = performance.now() - started;
          } catch {
            await Bun.sleep(2);
          }
        }
        while (Number.isNaN(readyMs) && performance.now() - started < 10_000) await Bun.sleep(2);
      } finally {
        await stopProcess(proc);
      }
      results.push({ heartbeatMs, readyMs });
    }
  } finally {
    for (const engine of engines) await engine.stop().catch(() => undefined);
  }
  return results;
}

// ---------------------------------------------------------------------------------------------

const started = performance.now();
const load: number[][] = [loadavg()];
try {
  const { bin, seconds: buildSeconds } = await buildBinary();
  console.error(`built ${bin} in ${buildSeconds.toFixed(1)} s`);

  console.error(`devnet: 4 chains, fast clock, blobs; producing ${L1_BLOCKS} L1 blocks…`);
  const devnet = await Devnet.start({ chains: 4, clock: "fast", dataDir: join(work, "devnet") });
  cleanups.push(() => devnet.stop());
  const genesisL1 = devnet.runtimes[0]?.chain.rollup.genesis.l1.number as number;
  const firstBlock = genesisL1 + 1;
  while ((await devnet.l1.head()).number < genesisL1 + L1_BLOCKS) await devnet.tick();
  const l1Head = (await devnet.l1.head()).number;
  const facts = await chainFacts(devnet, firstBlock, l1Head);
  const rangeBlocks = l1Head - firstBlock + 1;
  console.error(
    `L1 blocks ${firstBlock}–${l1Head} (${rangeBlocks}); ${facts
      .map((f) => `${f.runtime.chain.chainId}: L2 ${f.target}, ${f.batcherTxs} batcher txs, ${f.blobs} blobs`)
      .join("; ")}`,
  );
  const once = await readOnce(devnet, firstBlock, l1Head, facts);

  const results: RunResult[] = [];
  for (let round = 1; round <= ROUNDS; round++)
    for (const n of CHAIN_COUNTS) {
      load.push(loadavg());
      const result = await catchUp(devnet, bin, facts.slice(0, n), l1Head, round);
      results.push(result);
      console.error(
        `round ${round} N=${n}: caught up in ${result.catchUpSeconds.toFixed(1)} s, ${sumCalls(result.catchUp)} calls, ${result.catchUp.rpcHttp} HTTP, ${result.catchUp.blobs}/${result.blobsNeeded} blobs, RSS ${(result.rssKb / 1024).toFixed(1)} MiB`,
      );
    }

  load.push(loadavg());
  console.error(`cold starts (${COLD_STARTS}), 4 chains…`);
  const cold = await coldStarts(devnet, bin, facts);
  load.push(loadavg());

  // -------------------------------------------------------------------------------------------
  const out = (line = "") => console.log(line);
  const fmt = (x: number, digits = 2) => x.toFixed(digits);
  const byN = CHAIN_COUNTS.map((n) => results.filter((r) => r.n === n));
  const med = (rs: readonly RunResult[], f: (r: RunResult) => number) => median(rs.map(f));
  // Data reads (everything but polls) are counted over the whole run, so the last block's reads are
  // in even when the end was seen a moment before they finished; polls only until the catch-up.
  const m = {
    data: (r: RunResult) => (sumCalls(r.total) - pollCalls(r.total)) / rangeBlocks,
    polls: (r: RunResult) => pollCalls(r.catchUp) / rangeBlocks,
    calls: (r: RunResult) => (sumCalls(r.total) - pollCalls(r.total) + pollCalls(r.catchUp)) / rangeBlocks,
    bytes: (r: RunResult) => (r.total.rpcBytes - pollBytes(r.total) + pollBytes(r.catchUp)) / rangeBlocks,
    beacon: (r: RunResult) => sumBeacon(r.total) / rangeBlocks,
    beaconBytes: (r: RunResult) => r.total.beaconBytes / rangeBlocks,
    blobs: (r: RunResult) => r.total.blobs / r.blobsNeeded,
  };
  const base = byN[0] as RunResult[];
  const withRatio = (rs: readonly RunResult[], f: (r: RunResult) => number, digits: number) =>
    `${fmt(med(rs, f), digits)} (${fmt(med(rs, f) / med(base, f), 3)})`;
  out(
    `L1 range: blocks ${firstBlock}–${l1Head} (${rangeBlocks} blocks) of a 4-chain devnet (fast clock, blobs, brotli, span batches, traffic); every run catches up this same range from genesis.`,
  );
  out(
    `Chains: ${facts.map((f) => `${f.runtime.chain.chainId} (${f.runtime.chain.rollup.blockTime} s blocks, L2 ${f.target}, ${f.batcherTxs} batcher txs, ${f.blobs} blobs)`).join(", ")}`,
  );
  out(
    `Read once (one L1Client + BeaconClient: header, transactions and receipts of every block, the blobs of all 4 chains): ${fmt(sumCalls(once) / rangeBlocks, 3)} calls, ${Math.round(once.rpcBytes / rangeBlocks)} JSON-RPC bytes per L1 block; ${once.blobs} blobs`,
  );
  out(
    `--l1.http-poll-interval ${POLL_INTERVAL ?? "12s (default)"}; settle ${SETTLE_MS / 1000} s; ${ROUNDS} rounds; medians over rounds; (ratio to N=1)`,
  );
  out();
  out(
    "| chains | catch-up s | L1 calls / L1 block | data reads / L1 block | polls / L1 block | L1 bytes / L1 block | beacon requests / L1 block | blobs fetched / needed | idle RSS MiB | peak RSS MiB |",
  );
  out("|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|");
  for (const rs of byN)
    out(
      `| ${(rs[0] as RunResult).n} | ${fmt(
        med(rs, (r) => r.catchUpSeconds),
        1,
      )} | ${withRatio(rs, m.calls, 3)} | ${withRatio(rs, m.data, 3)} | ${fmt(med(rs, m.polls), 3)} | ${withRatio(rs, m.bytes, 0)} | ${fmt(med(rs, m.beacon), 3)} | ${fmt(med(rs, m.blobs))} | ${fmt(med(rs, (r) => r.rssKb) / 1024, 1)} | ${fmt(med(rs, (r) => r.hwmKb) / 1024, 1)} |`,
    );
  out();
  const rss = (n: number) =>
    med(byN[CHAIN_COUNTS.indexOf(n as 1 | 2 | 4)] as RunResult[], (r) => r.rssKb) / 1024;
  out(
    `RSS per extra chain (medians): N=1→2 ${fmt(rss(2) - rss(1), 1)} MiB; N=1→4 ${fmt((rss(4) - rss(1)) / 3, 1)} MiB per chain`,
  );
  out(
    `Cold start (4 chains), spawn → first heartbeat_check answer: median ${fmt(median(cold.map((c) => c.heartbeatMs)), 0)} ms (${cold.map((c) => c.heartbeatMs.toFixed(0)).join(", ")}); → the ready line: median ${fmt(median(cold.map((c) => c.readyMs)), 0)} ms`,
  );
  out();
  out("Calls by method: data reads over the whole run, polls until the catch-up (median; per L1 block):");
  const keys = [
    ...new Set(results.flatMap((r) => [...r.total.calls.keys(), ...r.total.beacon.keys()])),
  ].sort();
  out(`| method | ${CHAIN_COUNTS.map((n) => `N=${n}`).join(" | ")} |`);
  out(`|---|${CHAIN_COUNTS.map(() => "---:").join("|")}|`);
  for (const key of keys)
    out(
      `| ${key} | ${byN
        .map((rs) => {
          const v = med(rs, (r) => {
            const c = isPoll(key) ? r.catchUp : r.total;
            return c.calls.get(key) ?? c.beacon.get(key) ?? 0;
          });
          return `${v} (${fmt(v / rangeBlocks, 3)})`;
        })
        .join(" | ")} |`,
    );
  out();
  out("Idle (the settle after the catch-up), calls per second by method (median):");
  const idleKeys = [
    ...new Set(results.flatMap((r) => [...r.idle.calls.keys(), ...r.idle.beacon.keys()])),
  ].sort();
  out(`| method | ${CHAIN_COUNTS.map((n) => `N=${n}`).join(" | ")} |`);
  out(`|---|${CHAIN_COUNTS.map(() => "---:").join("|")}|`);
  for (const key of idleKeys)
    out(
      `| ${key} | ${byN
        .map((rs) =>
          fmt(
            med(rs, (r) => (r.idle.calls.get(key) ?? r.idle.beacon.get(key) ?? 0) / r.idleSeconds),
            3,
          ),
        )
        .join(" | ")} |`,
    );
  out();
  out("Per run (the proxy's totals include the settle; the supernode's own metrics alongside):");
  out(
    "| round | N | catch-up s | calls at catch-up | JSON-RPC HTTP at catch-up | proxy total: JSON-RPC calls, all bytes, blobs | /metrics: l1 requests, received bytes, blobs fetched | idle RSS MiB |",
  );
  out("|---:|---:|---:|---:|---:|---|---|---:|");
  for (const r of results)
    out(
      `| ${r.round} | ${r.n} | ${fmt(r.catchUpSeconds, 1)} | ${sumCalls(r.catchUp)} | ${r.catchUp.rpcHttp} | ${sumCalls(r.total)}, ${r.total.rpcBytes + r.total.beaconBytes}, ${r.total.blobs} | ${r.metrics.requests}, ${r.metrics.bytes}, ${r.metrics.blobs} | ${fmt(r.rssKb / 1024, 1)} |`,
    );
  out();
  out(
    `Load average (1/5/15 min) at start, before each run and at the end: ${load.map((l) => l.map((x) => x.toFixed(2)).join("/")).join(", ")}`,
  );
  out(`Total wall time ${fmt((performance.now() - started) / 1000, 0)} s`);
} finally {
  await cleanup();
}
