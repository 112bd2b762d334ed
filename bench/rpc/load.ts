// Load generation for the RPC benches (rpc.bench.ts, superroot.bench.ts): the load generator always
// runs in its own process. Throughput runs use wrk (Debian package) when it is on PATH, else
// autocannon (npm) through autocannonBodies.mjs; latency at a fixed rate uses openLoop.mjs under
// Node. With taskset and at least two cores the servers (this process, and any process passed to
// `pinServers`) run on core 0 and every load generator on core 1, so they never compete for a
// core: unpinned on a 2-core machine, wrk takes the server's core half the time and every number
// swings by ±30 %. Every child started here is killed if this process exits first.
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { availableParallelism, loadavg, tmpdir } from "node:os";
import { join } from "node:path";
import { parseArgs } from "node:util";
import type { Subprocess } from "bun";

const here = import.meta.dir;
/**
 * The flags every RPC bench takes (each bench reads its own besides): --autocannon (even when wrk
 * is there), --quiet-load <n> and --quiet-wait <seconds> (see waitForQuiet).
 */
const { values: flags } = parseArgs({
  args: Bun.argv.slice(2),
  options: {
    autocannon: { type: "boolean" },
    "quiet-load": { type: "string" },
    "quiet-wait": { type: "string" },
  },
  strict: false,
});

const children = new Set<Subprocess>();
process.on("exit", () => {
  for (const child of children) child.kill("SIGKILL");
});

/**
 * Runs a command to its end and returns its stdout; a non-zero exit throws with its stderr. With
 * `interruptOn`, the command gets SIGINT once its stdout contains that text (and still finishes).
 */
export async function run(command: readonly string[], interruptOn?: string): Promise<string> {
  const child = Bun.spawn([...command], { stdout: "pipe", stderr: "pipe" });
  children.add(child);
  const readOut = async () => {
    let out = "";
    let interrupted = false;
    const utf8 = new TextDecoder();
    for await (const chunk of child.stdout) {
      out += utf8.decode(chunk, { stream: true });
      if (interruptOn !== undefined && !interrupted && out.includes(interruptOn)) {
        interrupted = true;
        child.kill("SIGINT");
      }
    }
    return out + utf8.decode();
  };
  try {
    const [out, err, code] = await Promise.all([readOut(), new Response(child.stderr).text(), child.exited]);
    if (code !== 0) throw new Error(`${command[0]} exited ${code}: ${err}`);
    return out;
  } finally {
    children.delete(child);
  }
}

/**
 * On SIGINT or SIGTERM: `stop` (the bench's own servers and processes; at most 20 s), then the
 * load generators, then exit. Without it a signal ends the process with no `exit` event, so no
 * cleanup at all.
 */
export function stopOnSignal(stop: () => Promise<void>): void {
  for (const signal of ["SIGINT", "SIGTERM"] as const) {
    process.once(signal, () => {
      for (const child of children) child.kill("SIGKILL");
      const timeout = new Promise((resolve) => setTimeout(resolve, 20_000));
      void Promise.race([stop().catch(() => undefined), timeout]).finally(() =>
        process.exit(signal === "SIGINT" ? 130 : 143),
      );
    });
  }
}

const taskset = Bun.which("taskset");
/** True when the servers can be kept on core 0 and the load generator on core 1. */
export const canPin = taskset !== null && availableParallelism() >= 2;

/** Every process started by `pid`, recursively (Linux /proc; empty elsewhere). */
export function descendants(pid: number): number[] {
  const found: number[] = [];
  let tasks: string[];
  try {
    tasks = readdirSync(`/proc/${pid}/task`);
  } catch {
    return found;
  }
  for (const task of tasks) {
    let text = "";
    try {
      text = readFileSync(`/proc/${pid}/task/${task}/children`, "utf8");
    } catch {
      continue;
    }
    for (const child of text.trim().split(/\s+/).filter(Boolean).map(Number)) {
      found.push(child, ...descendants(child));
    }
  }
  return found;
}

/**
 * Pins every thread of each of `pids` to `core`; false (and nothing done) when pinning is not
 * possible. A process that exited in between is skipped.
 */
export async function pinProcesses(pids: readonly number[], core: 0 | 1): Promise<boolean> {
  if (!canPin) return false;
  for (const pid of pids) {
    try {
      await run([taskset as string, "-a", "-c", "-p", String(core), String(pid)]);
    } catch (error) {
      if (pid === process.pid) throw error;
    }
  }
  return true;
}

/** Pins this process and `others` to core 0, the servers' core (see pinProcesses). */
export function pinServers(others: readonly number[] = []): Promise<boolean> {
  return pinProcesses([process.pid, ...others], 0);
}

/** Prefix of every load-generator command: core 1 when pinning is possible. */
const loadCore = canPin ? [taskset as string, "-c", "1"] : [];

const wrk = flags.autocannon ? null : Bun.which("wrk");
/** The throughput load generator in use. */
export const throughputTool = wrk ? "wrk -t1" : "autocannon";

export interface Throughput {
  readonly rps: number;
  /** Milliseconds. */
  readonly p50: number;
  readonly p99: number;
  readonly requests: number;
  /**
   * CPU time this process (the servers) used over the run, in µs per request answered: the
   * servers' cost, which moves much less than req/s when other processes take the machine.
   */
  readonly cpuMicros: number;
  /** The run's wall time in seconds (the load generator's start-up included). */
  readonly wallSeconds: number;
}

type LoadResult = Omit<Throughput, "cpuMicros" | "wallSeconds">;

export interface ThroughputOptions {
  readonly url: string;
  /** The POST body, or several sent in turn (each connection takes the next one). */
  readonly bodies: string | readonly string[];
  readonly connections: number;
  /** How long to run (the most, with `maxRequests`). */
  readonly seconds: number;
  /**
   * Stop after this many answers. With wrk up to connections − 1 more requests may have been sent
   * (and some of them answered and counted): give that many spare bodies when each must be new.
   */
  readonly maxRequests?: number;
  /** Every answer must contain this text (checked by the load generator; a miss throws). */
  readonly expect?: string;
}

const work = mkdtempSync(join(tmpdir(), "rpc-bench-"));
process.on("exit", () => rmSync(work, { recursive: true, force: true }));
let files = 0;

/** A Lua string literal for any text: printable ASCII as is, every other byte as \ddd. */
function luaString(text: string): string {
  let out = '"';
  for (const byte of new TextEncoder().encode(text)) {
    out +=
      byte >= 0x20 && byte < 0x7f && byte !== 0x22 && byte !== 0x5c
        ? String.fromCharCode(byte)
        : `\\${byte.toString(10).padStart(3, "0")}`;
  }
  return `${out}"`;
}

/** What the wrk script prints once it has its `maxRequests` answers. */
const LIMIT_REACHED = "request limit reached\n";

/**
 * The wrk script: POST with a JSON body; several bodies are formatted once per thread and sent in
 * turn. Only with `maxRequests` or `expect` is a response() hook defined (it costs wrk a little).
 */
function wrkScript(options: ThroughputOptions): string {
  const bodies = typeof options.bodies === "string" ? [options.bodies] : options.bodies;
  if (bodies.length === 0) throw new Error("no request body");
  const lines = ['wrk.method = "POST"', 'wrk.headers["Content-Type"] = "application/json"'];
  if (bodies.length === 1) lines.push(`wrk.body = ${luaString(bodies[0] as string)}`);
  else {
    lines.push(
      `local bodies = {\n${bodies.map((body) => `  ${luaString(body)},`).join("\n")}\n}`,
      "local requests = {}",
      "local turn = 0",
      "function init(args)",
      "  for i, body in ipairs(bodies) do requests[i] = wrk.format(nil, nil, nil, body) end",
      "end",
      "function request()",
      "  turn = turn % #requests + 1",
      "  return requests[turn]",
      "end",
    );
  }
  if (options.maxRequests !== undefined || options.expect !== undefined) {
    lines.push(
      "local threads = {}",
      "function setup(thread) table.insert(threads, thread) end",
      "answers = 0",
      "unexpected = 0",
      `local limit = ${options.maxRequests ?? 0}`,
      `local expected = ${options.expect === undefined ? "nil" : luaString(options.expect)}`,
      "function response(status, headers, body)",
      "  answers = answers + 1",
      "  if expected and not string.find(body, expected, 1, true) then unexpected = unexpected + 1 end",
      // wrk's main thread sleeps the whole -d whatever its threads do: run() interrupts it.
      "  if limit > 0 and answers == limit then",
      `    io.write(${luaString(LIMIT_REACHED)})`,
      "    io.flush()",
      "    wrk.thread:stop()",
      "  end",
      "end",
      "function done(summary, latency, requests)",
      "  local missing = 0",
      '  for _, thread in ipairs(threads) do missing = missing + thread:get("unexpected") end',
      '  io.write(string.format("unexpected answers: %d\\n", missing))',
      "end",
    );
  }
  return `${lines.join("\n")}\n`;
}

/** wrk's "1.23ms" / "456.78us" / "1.02s" in milliseconds. */
function millis(text: string): number {
  const match = /^([\d.]+)(us|ms|s)$/.exec(text.trim());
  if (!match) throw new Error(`unreadable wrk duration ${text}`);
  const value = Number(match[1]);
  return match[2] === "us" ? value / 1000 : match[2] === "s" ? value * 1000 : value;
}

async function throughputWrk(options: ThroughputOptions): Promise<LoadResult> {
  const script = join(work, `load-${files++}.lua`);
  writeFileSync(script, wrkScript(options));
  const out = await run(
    [
      ...loadCore,
      wrk as string,
      "-t1",
      `-c${options.connections}`,
      `-d${options.seconds}s`,
      "--latency",
      "-s",
      script,
      options.url,
    ],
    options.maxRequests === undefined ? undefined : LIMIT_REACHED,
  );
  if (/Non-2xx|Socket errors/.test(out)) throw new Error(`wrk saw errors:\n${out}`);
  const unexpected = Number(/unexpected answers: (\d+)/.exec(out)?.[1] ?? 0);
  if (unexpected > 0) throw new Error(`wrk: ${unexpected} answers without ${options.expect}:\n${out}`);
  const rps = Number(/Requests\/sec:\s+([\d.]+)/.exec(out)?.[1]);
  const requests = Number(/(\d+) requests in/.exec(out)?.[1]);
  const p50 = millis(/^\s+50%\s+(\S+)/m.exec(out)?.[1] ?? "");
  const p99 = millis(/^\s+99%\s+(\S+)/m.exec(out)?.[1] ?? "");
  return { rps, p50, p99, requests };
}

interface AutocannonResult {
  readonly requests: { readonly average: number; readonly total: number };
  readonly latency: Record<string, number>;
  readonly non2xx: number;
  readonly errors: number;
  readonly timeouts: number;
  readonly unexpected: number;
  readonly seconds: number;
}

async function throughputAutocannon(options: ThroughputOptions): Promise<LoadResult> {
  const file = join(work, `bodies-${files++}.json`);
  writeFileSync(file, JSON.stringify(typeof options.bodies === "string" ? [options.bodies] : options.bodies));
  const out = await run([
    ...loadCore,
    "node",
    join(here, "autocannonBodies.mjs"),
    options.url,
    String(options.connections),
    String(options.seconds),
    String(options.maxRequests ?? 0),
    file,
    options.expect ?? "",
  ]);
  const result = JSON.parse(out) as AutocannonResult;
  if (result.non2xx > 0 || result.errors > 0 || result.timeouts > 0 || result.unexpected > 0)
    throw new Error(`autocannon saw errors: ${out.slice(0, 500)}`);
  // With a request limit autocannon's run ends at its next 1 s sample: the rate is the total over
  // the time to the last answer.
  const rps =
    options.maxRequests === undefined ? result.requests.average : result.requests.total / result.seconds;
  return { rps, p50: result.latency.p50 ?? 0, p99: result.latency.p99 ?? 0, requests: result.requests.total };
}

/** Closed-loop throughput: `connections` keep-alive connections, each sending as soon as answered. */
export async function throughput(options: ThroughputOptions): Promise<Throughput> {
  const cpu = process.cpuUsage();
  const started = performance.now();
  const result = await (wrk ? throughputWrk(options) : throughputAutocannon(options));
  const used = process.cpuUsage(cpu);
  return {
    ...result,
    cpuMicros: (used.user + used.system) / result.requests,
    wallSeconds: (performance.now() - started) / 1000,
  };
}

export interface OpenLoop {
  readonly requests: number;
  readonly errors: number;
  readonly non2xx: number;
  /** Milliseconds, each from the moment the request was due. */
  readonly p50: number;
  readonly p90: number;
  readonly p99: number;
  readonly p99_9: number;
  readonly max: number;
  /** How late the 99th-percentile request left the load generator (its own delay, in the above). */
  readonly lag_p99: number;
}

export interface OpenLoopOptions {
  readonly url: string;
  readonly body: string;
  /** Requests a second. */
  readonly rate: number;
  readonly seconds: number;
  readonly connections: number;
}

/** Latency at a fixed rate, open loop (openLoop.mjs under Node; 2 s unmeasured warm-up first). */
export async function openLoop(options: OpenLoopOptions): Promise<OpenLoop> {
  const out = await run([
    ...loadCore,
    "node",
    join(here, "openLoop.mjs"),
    options.url,
    String(options.rate),
    String(options.seconds),
    String(options.connections),
    options.body,
  ]);
  const result = JSON.parse(out) as OpenLoop;
  if (result.errors > 0 || result.non2xx > 0) throw new Error(`open loop saw errors: ${out}`);
  return result;
}

export function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2
    ? (sorted[middle] as number)
    : ((sorted[middle - 1] as number) + (sorted[middle] as number)) / 2;
}

/** A number with `digits` decimals and thousands separators: 12,345.6. */
export function formatNumber(value: number, digits = 0): string {
  const [whole, fraction] = value.toFixed(digits).split(".");
  const grouped = (whole as string).replace(/\B(?=(\d{3})+(?!\d))/g, ",");
  return fraction === undefined ? grouped : `${grouped}.${fraction}`;
}

/** The 1-, 5- and 15-minute load averages, as `uptime` prints them. */
export function loadAverages(): string {
  return loadavg()
    .map((value) => value.toFixed(2))
    .join(", ");
}

/**
 * With --quiet-load <n>: waits until the 1-minute load average is below n, at most --quiet-wait
 * seconds (default 1800), so measurements on a shared machine start in a quiet moment. Returns the
 * load averages when it stopped waiting.
 */
export async function waitForQuiet(): Promise<string> {
  const limit = Number(flags["quiet-load"] ?? Number.POSITIVE_INFINITY);
  const deadline = Date.now() + 1000 * Number(flags["quiet-wait"] ?? 1800);
  let told = false;
  while ((loadavg()[0] as number) >= limit && Date.now() < deadline) {
    if (!told) console.log(`waiting for the 1-minute load to fall below ${limit} (now ${loadAverages()})`);
    told = true;
    await Bun.sleep(10_000);
  }
  return loadAverages();
}
