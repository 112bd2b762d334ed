#!/usr/bin/env bun
import { heapStats } from "bun:jsc";
// superroot_atTimestamp under load (issue 11). A 2-chain devnet (fast clock; chain 901 makes a
// block a second, 902 one every 2 s) and an engine of the supernode's own per chain
// (startSupernodeEngines, with the flags of supernodeArgs, as npm start uses) run in this process, and so
// does the supernode (as tests/supernode/supernode.devnet.test.ts starts them), or, with
// --supernode-process, the supernode runs alone in its own process (`bun apps/supernode/src/main.ts
// run`), so its heap, GC and event loop are its own. The devnet ticks until both chains' local-safe
// heads cover every timestamp the runs ask for (at least 300 s past genesis), then stops: nothing
// moves while measuring. The load generator runs in its own process (wrk, else autocannon;
// load.ts). Pinning (taskset, two cores): in-process, this process and its children (the anvils)
// on core 0, the load generator on core 1; with --supernode-process, the supernode alone on core 0
// and everything else (the devnet, its anvils, the load generator) on core 1. Every answer must
// carry `data` (pre-interop: the super root), checked by the load generator. Measured:
//  - cached: one verified timestamp (warmed by one request), 64 connections: req/s, p50, p99;
//    target ≥ 2,000 req/s at p99 < 20 ms. And open loop at a fixed 2,000 req/s (p99).
//  - cached, 100 verified timestamps in turn (all warmed), 64 connections.
//  - uncached: every request a timestamp never asked before (--uncached of them a run, 8
//    connections). The timestamps are a whole number of both chains' block times apart, so each
//    request reads a new block on every chain: its ref by number and its output by hash.
// Also: the supernode's CPU time a request (less its idle rate) and, from its own metrics, the
// engine calls an uncached request makes.
// Run: bun bench/rpc/superroot.bench.ts [--supernode-process] [--seconds 10] [--uncached 250]
//   [--uncached-runs 2] [--quiet-load 1 [--quiet-wait 1800]] [--autocannon]
//   BENCH_RUNS=3 rounds of the cached runs, --seconds each; --uncached fresh timestamps a run;
//   --quiet-load waits (up to --quiet-wait s) for the 1-minute load average to fall below it
//   before measuring; --autocannon uses autocannon even when wrk is installed.
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { parseArgs } from "node:util";
import type { Subprocess } from "bun";
import { Devnet } from "../../apps/devnet/src/devnet.ts";
import {
  type SupernodeEngines,
  startSupernodeEngines,
  supernodeArgs,
} from "../../apps/devnet/src/launch/supernodeArgs.ts";
import { loadSupernodeConfig } from "../../apps/supernode/src/config/index.ts";
import { startSupernode } from "../../apps/supernode/src/supernode.ts";
import { silentLogger } from "../../packages/protocol/src/index.ts";
import { rpcCall } from "../../tests/helpers/jsonRpc.ts";
import {
  descendants,
  formatNumber,
  loadAverages,
  median,
  type OpenLoop,
  openLoop,
  pinProcesses,
  pinServers,
  stopOnSignal,
  type Throughput,
  throughput,
  throughputTool,
  waitForQuiet,
} from "./load.ts";

const { values: flags } = parseArgs({
  args: Bun.argv.slice(2),
  options: {
    "supernode-process": { type: "boolean", default: false },
    seconds: { type: "string", default: "10" },
    uncached: { type: "string", default: "250" },
    "uncached-runs": { type: "string", default: "2" },
  },
  strict: false,
});
const SEPARATE = flags["supernode-process"] === true;
const RUNS = Number(process.env.BENCH_RUNS ?? 3);
const SECONDS = Number(flags.seconds);
const UNCACHED = Number(flags.uncached);
const UNCACHED_RUNS = Number(flags["uncached-runs"]);
const CONNECTIONS = 64;
const UNCACHED_CONNECTIONS = 8;
const ROTATING = 100;
const RATE = 2_000;
const OPEN_LOOP_SECONDS = 10;
const OPEN_LOOP_CONNECTIONS = 16;
/** Every answer must contain this: the super root (pre-interop, every chain has an output). */
const VERIFIED = '"super_root"';
const root = join(import.meta.dir, "..", "..");

const body = (timestamp: number) =>
  JSON.stringify({ jsonrpc: "2.0", id: 1, method: "superroot_atTimestamp", params: [timestamp] });

/** The supernode under test, in this process or its own. */
interface Supernode {
  readonly rpcUrl: string;
  /** Its processes (this one when in-process). */
  readonly pid: number;
  /** CPU time it used so far, µs. */
  cpuMicros(): number;
  /** Its Prometheus metrics, as text. */
  metrics(): Promise<string>;
  /** Its memory, for the report. */
  memory(): string;
  stop(): Promise<void>;
}

async function inProcess(argv: readonly string[]): Promise<Supernode> {
  const node = await startSupernode(loadSupernodeConfig(argv, {}), silentLogger);
  return {
    rpcUrl: node.rpcUrl,
    pid: process.pid,
    cpuMicros: () => {
      const used = process.cpuUsage();
      return used.user + used.system;
    },
    metrics: () => node.registry.metrics(),
    memory: () =>
      `heap ${(heapStats().heapSize / 1e6).toFixed(0)} MB (the supernode and the devnet's in-process engines)`,
    stop: () => node.stop(),
  };
}

/** utime + stime of a process from /proc, µs (Linux; clock ticks of 10 ms). */
function processCpuMicros(pid: number): number {
  const stat = readFileSync(`/proc/${pid}/stat`, "utf8");
  const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
  return (Number(fields[11]) + Number(fields[12])) * 10_000;
}

async function ownProcess(argv: readonly string[]): Promise<Supernode> {
  const child: Subprocess<"ignore", "pipe", "inherit"> = Bun.spawn(
    [
      process.execPath,
      join(root, "apps", "supernode", "src", "main.ts"),
      "run",
      ...argv,
      "--log.level",
      "error",
    ],
    { stdin: "ignore", stdout: "pipe", stderr: "inherit" },
  );
  const stop = async () => {
    child.kill("SIGTERM");
    const timer = setTimeout(() => child.kill("SIGKILL"), 10_000);
    await child.exited;
    clearTimeout(timer);
  };
  try {
    // Its first stdout line: {"ready":{"rpc":…,"metrics":…,"chains":[…]}}.
    let text = "";
    const utf8 = new TextDecoder();
    const reader = child.stdout.getReader();
    while (!text.includes("\n")) {
      const { done, value } = await reader.read();
      if (done) break;
      text += utf8.decode(value, { stream: true });
    }
    reader.releaseLock(); // not cancelled: the pipe stays open (nothing more is written to it)
    const { ready } = JSON.parse(text.slice(0, text.indexOf("\n"))) as {
      ready: { rpc: string; metrics: string };
    };
    return {
      rpcUrl: ready.rpc,
      pid: child.pid,
      cpuMicros: () => processCpuMicros(child.pid),
      metrics: async () => (await fetch(ready.metrics)).text(),
      memory: () => {
        const rss = /VmRSS:\s+(\d+)/.exec(readFileSync(`/proc/${child.pid}/status`, "utf8"))?.[1];
        return `RSS ${(Number(rss) / 1024).toFixed(0)} MiB (the supernode's process)`;
      },
      stop,
    };
  } catch (error) {
    await stop();
    throw new Error(`the supernode process did not start: ${error}`);
  }
}

let devnet: Devnet | null = null;
let engines: SupernodeEngines | null = null;
let supernode: Supernode | null = null;
const dirs: string[] = [];
let stopping: Promise<void> | null = null;
/** Stops everything this bench started, whatever state it got to (once). */
function stopAll(): Promise<void> {
  stopping ??= (async () => {
    await supernode?.stop().catch((error) => console.error(`supernode stop: ${error}`));
    await engines?.stop();
    await devnet?.stop().catch((error) => console.error(`devnet stop: ${error}`));
    for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
  })();
  return stopping;
}
stopOnSignal(stopAll);

function tempDir(prefix: string): string {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  dirs.push(dir);
  return dir;
}

const rpc = <T>(method: string, params: unknown[] = []): Promise<T> =>
  rpcCall<T>(`${supernode?.rpcUrl}/`, method, params);

interface SuperRootAnswer {
  data?: { super_root: string };
  optimistic_at_timestamp: Record<string, unknown>;
}

/** The superroot answer at `timestamp`, which must be verified (carry `data`). */
async function verifiedAt(timestamp: number): Promise<SuperRootAnswer> {
  const answer = await rpc<SuperRootAnswer>("superroot_atTimestamp", [timestamp]);
  if (!answer.data)
    throw new Error(`superroot_atTimestamp(${timestamp}) has no data: ${JSON.stringify(answer)}`);
  return answer;
}

/**
 * What the supernode counted so far (its /metrics): engine calls by method
 * (supernode_engine_calls_total) and, under "superroot_atTimestamp", the superroot calls its
 * gateway answered (supernode_rpc_requests_total).
 */
async function counted(): Promise<Map<string, number>> {
  const counts = new Map<string, number>();
  const add = (key: string, value: number) => counts.set(key, (counts.get(key) ?? 0) + value);
  for (const line of (await (supernode as Supernode).metrics()).split("\n")) {
    const match = /^(supernode_engine_calls_total|supernode_rpc_requests_total)\{([^}]*)\} (\S+)$/.exec(line);
    if (!match) continue;
    const method = /method="([^"]*)"/.exec(match[2] as string)?.[1] ?? "";
    if (match[1] === "supernode_engine_calls_total") add(method, Number(match[3]));
    else if (method === "superroot_atTimestamp") add(method, Number(match[3]));
  }
  return counts;
}

function lcm(a: number, b: number): number {
  const gcd = (x: number, y: number): number => (y === 0 ? x : gcd(y, x % y));
  return (a * b) / gcd(a, b);
}

async function main(): Promise<void> {
  const started = performance.now();
  devnet = await Devnet.start({ clock: "fast" });
  const dir = tempDir("superroot-bench-");
  engines = await startSupernodeEngines(devnet, join(dir, "engines"));
  const argv = supernodeArgs(devnet, engines, { dataDir: join(dir, "data") });
  supernode = SEPARATE ? await ownProcess(argv) : await inProcess(argv);

  // The timestamps asked for: `step` apart, so every one is a new block on every chain, from the
  // first one every chain can place in L1. Below its SafeDB's first entry a chain cannot tell the
  // L1 block a block became local-safe at, and the call fails: the first is found by asking.
  const rollups = devnet.runtimes.map((r) => r.chain.rollup);
  const genesis = Math.max(...rollups.map((r) => r.genesis.l2Time));
  const step = rollups.map((r) => r.blockTime).reduce(lcm, 1);
  const perRun = UNCACHED + UNCACHED_CONNECTIONS; // connections − 1 more may be sent past the limit
  const count = ROTATING + UNCACHED_RUNS * perRun;
  console.log(
    `superroot bench: ${devnet.runtimes.length} chains (block times ${rollups.map((r) => r.blockTime).join(", ")} s), supernode ${SEPARATE ? "in its own process" : "in this process"}; making blocks until local-safe covers ${count} timestamps ${step} s apart (and 300 s past genesis)`,
  );
  let first: number | null = null;
  let probed = genesis;
  let needed = Number.POSITIVE_INFINITY;
  let lastReport = performance.now();
  let lastMove = performance.now();
  let lastLocalSafe = 0;
  for (;;) {
    const status = await rpc<{ local_safe_timestamp: number }>("supernode_syncStatus").catch(() => null);
    const localSafe = status?.local_safe_timestamp ?? 0;
    while (first === null && probed + step <= localSafe) {
      probed += step;
      const answer = await rpc<SuperRootAnswer>("superroot_atTimestamp", [probed]).catch(() => null);
      if (answer?.data) {
        first = probed;
        needed = Math.max(first + step * (count - 1), genesis + 300);
      }
    }
    if (localSafe >= needed) break;
    if (localSafe !== lastLocalSafe) [lastLocalSafe, lastMove] = [localSafe, performance.now()];
    const sequencerTime = Math.min(
      ...devnet.runtimes.map((r) => r.sequencer.nextTimestamp - r.chain.rollup.blockTime),
    );
    // Derivation follows the sequencers and ticking far ahead of it only grows the backlog; but
    // it needs L1 blocks (ticks) to find the last batches, so a stalled local-safe ticks too.
    const behind = sequencerTime - Math.max(localSafe, genesis) > 240;
    if (behind && performance.now() - lastMove < 3000) await Bun.sleep(200);
    else for (let tick = 0; tick < 10; tick++) await devnet.tick();
    if (performance.now() - lastReport > 15_000) {
      lastReport = performance.now();
      console.log(
        `  ${((lastReport - started) / 1000).toFixed(0)} s: sequencers at genesis + ${sequencerTime - genesis} s, local-safe at genesis + ${Math.max(0, localSafe - genesis)} s of ${Number.isFinite(needed) ? needed - genesis : "?"}`,
      );
    }
  }
  const at = (index: number) => (first as number) + step * index;
  const rotating = Array.from({ length: ROTATING }, (_, i) => at(i));
  const single = rotating[0] as number;
  const uncachedRuns = Array.from({ length: UNCACHED_RUNS }, (_, run) =>
    Array.from({ length: perRun }, (_, i) => at(ROTATING + run * perRun + i)),
  );
  console.log(
    `  ready after ${((performance.now() - started) / 1000).toFixed(0)} s; timestamps from genesis + ${(first as number) - genesis} s`,
  );

  let pinning = "not pinned";
  if (SEPARATE) {
    const others = [process.pid, ...descendants(process.pid).filter((pid) => pid !== supernode?.pid)];
    if (
      (await pinProcesses([supernode.pid], 0)) &&
      (await pinProcesses(others, 1)) // taskset on the supernode is not a descendant (it has exited)
    )
      pinning = `the supernode alone on core 0; the devnet (this process and ${others.length - 1} children) and the load generator on core 1`;
  } else {
    const others = descendants(process.pid);
    if (await pinServers(others))
      pinning = `the supernode and the devnet (this process and ${others.length} children) on core 0, the load generator on core 1`;
  }
  // Warm the cached timestamps (and check each is verified).
  const reference = await verifiedAt(single);
  for (const timestamp of rotating) await verifiedAt(timestamp);
  const answerBytes = new TextEncoder().encode(
    JSON.stringify({ jsonrpc: "2.0", id: 1, result: reference }),
  ).byteLength;
  // The devnet's garbage out of the way before measuring (in-process it shares the heap).
  Bun.gc(true);
  const loadAtStart = await waitForQuiet();
  console.log(
    `${throughputTool}; ${pinning}; answer ~${answerBytes} bytes; ${supernode.memory()}; load average ${loadAtStart}`,
  );
  // What the supernode burns idle (L1 polls every 100 ms, the nodes' loops): taken off its CPU
  // time a request.
  const idleFrom = supernode.cpuMicros();
  await Bun.sleep(5000);
  const idle = (supernode.cpuMicros() - idleFrom) / 5;
  console.log(`idle: ${(idle / 1e4).toFixed(1)} % of a core`);

  interface Run extends Throughput {
    /** The supernode's CPU µs a request, less its idle rate. */
    readonly cpu: number;
  }
  const measure = async (options: Parameters<typeof throughput>[0]): Promise<Run> => {
    const from = supernode?.cpuMicros() ?? 0;
    const result = await throughput(options);
    const used = (supernode?.cpuMicros() ?? 0) - from - idle * result.wallSeconds;
    return { ...result, cpu: used / result.requests };
  };
  const url = `${supernode.rpcUrl}/`;
  const cached = (bodies: string | string[], seconds: number) =>
    measure({ url, bodies, connections: CONNECTIONS, seconds, expect: VERIFIED });
  await cached(body(single), 2); // warm-up (JIT, sockets)
  const singleRuns: Run[] = [];
  const rotatingRuns: Run[] = [];
  const line = (r: Run) =>
    `${r.rps.toFixed(0)} req/s, p50 ${r.p50} ms, p99 ${r.p99} ms, ${r.cpu.toFixed(0)} CPU µs a request (load ${loadAverages().split(",")[0]})`;
  for (let round = 0; round < RUNS; round++) {
    const one = await cached(body(single), SECONDS);
    singleRuns.push(one);
    console.log(`  round ${round + 1} cached, one timestamp: ${line(one)}`);
    const turn = await cached(rotating.map(body), SECONDS);
    rotatingRuns.push(turn);
    console.log(`  round ${round + 1} cached, ${ROTATING} timestamps in turn: ${line(turn)}`);
  }
  const openLoops: OpenLoop[] = [];
  for (let round = 0; round < Math.min(RUNS, 3); round++) {
    const result = await openLoop({
      url,
      body: body(single),
      rate: RATE,
      seconds: OPEN_LOOP_SECONDS,
      connections: OPEN_LOOP_CONNECTIONS,
    });
    openLoops.push(result);
    console.log(
      `  open loop ${round + 1} at ${RATE} req/s, one timestamp: p50 ${result.p50} ms, p90 ${result.p90} ms, p99 ${result.p99} ms, p99.9 ${result.p99_9} ms, max ${result.max} ms; load generator lag p99 ${result.lag_p99} ms (load ${loadAverages().split(",")[0]})`,
    );
  }
  const uncachedResults: Run[] = [];
  const perRequest: string[] = [];
  for (const [index, timestamps] of uncachedRuns.entries()) {
    const before = await counted();
    const result = await measure({
      url,
      bodies: timestamps.map(body),
      connections: UNCACHED_CONNECTIONS,
      seconds: 300,
      maxRequests: UNCACHED,
      expect: VERIFIED,
    });
    await Bun.sleep(1000); // the requests sent past the limit finish
    const after = await counted();
    uncachedResults.push(result);
    const delta = (key: string) => (after.get(key) ?? 0) - (before.get(key) ?? 0);
    const served = delta("superroot_atTimestamp");
    const calls = [...after.keys()]
      .filter((key) => key !== "superroot_atTimestamp" && delta(key) > 0)
      .map((method) => `${method} ${(delta(method) / served).toFixed(2)}`);
    perRequest.push(calls.join(", "));
    console.log(
      `  uncached run ${index + 1}: ${result.requests} answers measured (${served} served), ${line(result)}; engine calls a request: ${calls.join(", ")}`,
    );
  }
  const loadAtEnd = loadAverages();

  const row = (name: string, connections: number, runs: readonly Run[]) =>
    `| ${name} | ${connections} | ${formatNumber(median(runs.map((r) => r.rps)))} | ${median(runs.map((r) => r.p50)).toFixed(2)} | ${median(runs.map((r) => r.p99)).toFixed(2)} | ${median(runs.map((r) => r.cpu)).toFixed(0)} |`;
  console.log(`\nsuperroot_atTimestamp (medians of the runs; load average ${loadAtStart} → ${loadAtEnd}):`);
  console.log("| requests | connections | req/s | p50 ms | p99 ms | CPU µs a request |");
  console.log("| --- | ---: | ---: | ---: | ---: | ---: |");
  console.log(row("cached, one timestamp", CONNECTIONS, singleRuns));
  console.log(row(`cached, ${ROTATING} timestamps in turn`, CONNECTIONS, rotatingRuns));
  console.log(row(`uncached, ${UNCACHED} fresh timestamps a run`, UNCACHED_CONNECTIONS, uncachedResults));
  console.log(
    SEPARATE
      ? "(CPU µs a request: the supernode process's CPU time over the run, less its idle rate, per answer)"
      : "(CPU µs a request: this process's CPU time over the run, less its idle rate, per answer: the\n" +
          "supernode's, and for uncached reads the devnet's in-process engine servers' too)",
  );
  const cell = (key: keyof OpenLoop) => median(openLoops.map((r) => r[key])).toFixed(3);
  console.log(
    `\nopen loop at ${RATE} req/s, one cached timestamp, ${OPEN_LOOP_SECONDS} s a run, ${OPEN_LOOP_CONNECTIONS} connections (medians):`,
  );
  console.log("| p50 ms | p90 ms | p99 ms | p99.9 ms | max ms |");
  console.log("| ---: | ---: | ---: | ---: | ---: |");
  console.log(`| ${cell("p50")} | ${cell("p90")} | ${cell("p99")} | ${cell("p99_9")} | ${cell("max")} |`);
  console.log(`\nengine calls per uncached request: ${perRequest.join(" / ")}`);
  const rps = median(singleRuns.map((r) => r.rps));
  const p99 = median(singleRuns.map((r) => r.p99));
  const openP99 = median(openLoops.map((r) => r.p99));
  console.log(
    `cached, one timestamp, 64 connections: ${formatNumber(rps)} req/s at p99 ${p99.toFixed(2)} ms (target ≥ 2,000 req/s at p99 < 20 ms: ${rps >= 2000 && p99 < 20 ? "met" : "NOT met"}); open loop at ${RATE} req/s: p99 ${openP99.toFixed(2)} ms (< 20 ms: ${openP99 < 20 ? "met" : "NOT met"})`,
  );
}

let failed = false;
try {
  await main();
} catch (error) {
  failed = true;
  console.error(error);
} finally {
  await stopAll();
}
process.exit(failed ? 1 : 0);
