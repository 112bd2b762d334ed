// `supernode node` as an operator runs it: the real binary, a child process, against the devnet
// (fast clock) and a replica engine of chain 901 that only the node drives. It derives the chain
// from L1, serves op-node's JSON-RPC, is SIGKILLed, and on a restart with the same data dir and
// engine resumes from the engine's safe head instead of deriving the chain again from genesis.
import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { SafeDB, safeDBPath } from "@supernode/derivation";
import { type ChainEngine, Devnet, type DevnetChainRuntime } from "@supernode/devnet";
import { createEngineTransport, L2Reader } from "@supernode/engine-api";
import { bytesToHex, ForkSchedule, type SyncStatusJson } from "@supernode/protocol";
import { rpcCall } from "@supernode/test-helpers/jsonRpc";
import { readLines } from "@supernode/test-helpers/lines";
import { OP_NODE_SYNC_STATUS_KEYS } from "./harness.ts";

const MAIN = join(import.meta.dir, "../../apps/supernode/src/main.ts");

let devnet: Devnet;
let runtime: DevnetChainRuntime;
let replica: ChainEngine;
/** The replica engine as the test reads it (eth_* on the Engine API port need the JWT too). */
let replicaReader: L2Reader;
let jwtFile: string;
let dataDir: string;
const children: NodeProcess[] = [];

interface NodeProcess {
  readonly child: Bun.Subprocess<"ignore", "pipe", "pipe">;
  readonly rpc: string;
  readonly ready: { rpc: string; chainId: number; dataDir: string };
  /** Its stderr so far, one parsed JSON object per line. */
  readonly logs: Record<string, unknown>[];
}

async function startNode(): Promise<NodeProcess> {
  const { chain } = runtime;
  const child = Bun.spawn(
    [
      process.execPath,
      MAIN,
      "node",
      "--l1",
      devnet.l1.url,
      "--l1.beacon",
      devnet.l1.beaconUrl,
      "--l1.slot-duration",
      String(devnet.l1.blockTime),
      "--l1.http-poll-interval",
      "200",
      "--l2",
      replica.url,
      "--l2.jwt-secret",
      jwtFile,
      "--rollup.config",
      chain.files.rollup,
      "--rollup.l1-chain-config",
      devnet.endpoints.l1.chainConfig,
      "--data-dir",
      dataDir,
      "--rpc.port",
      "0",
    ],
    { stdin: "ignore", stdout: "pipe", stderr: "pipe" },
  );
  const logs: Record<string, unknown>[] = [];
  const stderrText: string[] = [];
  void readLines(child.stderr, (line) => {
    stderrText.push(line);
    try {
      logs.push(JSON.parse(line) as Record<string, unknown>);
    } catch {
      logs.push({ msg: line });
    }
  });
  const ready = await new Promise<NodeProcess["ready"]>((resolve, reject) => {
    const timer = setTimeout(
      () => reject(new Error(`no ready line in 20 s: ${stderrText.join("\n")}`)),
      20_000,
    );
    void readLines(child.stdout, (line) => {
      const parsed = JSON.parse(line) as { ready?: NodeProcess["ready"] };
      if (parsed.ready) {
        clearTimeout(timer);
        resolve(parsed.ready);
      }
    });
    void child.exited.then((code) => {
      clearTimeout(timer);
      reject(new Error(`the node exited with ${code} before it was ready: ${stderrText.join("\n")}`));
    });
  });
  const started = { child, rpc: ready.rpc, ready, logs };
  children.push(started);
  return started;
}

const rpc = <T>(node: NodeProcess, method: string, params: unknown[] = []): Promise<T> =>
  rpcCall<T>(node.rpc, method, params);

/** Ticks the devnet until the node's local-safe head reaches `target`; returns its last status. */
async function deriveUntil(node: NodeProcess, target: number, maxTicks: number): Promise<SyncStatusJson> {
  let status = await rpc<SyncStatusJson>(node, "optimism_syncStatus");
  for (let ticks = 0; status.local_safe_l2.number < target; ticks++) {
    if (ticks >= maxTicks)
      throw new Error(`local-safe ${status.local_safe_l2.number} < ${target} after ${maxTicks} ticks`);
    await devnet.tick();
    // Give the node time to derive what the tick posted (the fast clock does not wait for it).
    await Bun.sleep(20);
    status = await rpc<SyncStatusJson>(node, "optimism_syncStatus");
  }
  return status;
}

async function expectSequencerHashes(from: number, to: number): Promise<void> {
  for (let n = from; n <= to; n++) {
    const [ours, theirs] = await Promise.all([replicaReader.blockRef(n), runtime.reader.blockRef(n)]);
    expect(theirs).not.toBeNull();
    expect({ n, hash: ours?.hash }).toEqual({ n, hash: theirs?.hash });
  }
}

beforeAll(async () => {
  devnet = await Devnet.start({ clock: "fast" });
  runtime = devnet.runtimes[0] as DevnetChainRuntime;
  const dir = mkdtempSync(join(tmpdir(), "node-process-"));
  const secret = crypto.getRandomValues(new Uint8Array(32));
  jwtFile = join(dir, "jwt.txt");
  writeFileSync(jwtFile, `${bytesToHex(secret)}\n`, { mode: 0o600 });
  dataDir = join(dir, "data");
  replica = await runtime.chain.startReplica(join(dir, "engine"), secret);
  const { rollup } = runtime.chain;
  replicaReader = new L2Reader({
    call: createEngineTransport({ url: replica.url, jwtSecret: secret, chainId: runtime.chain.chainId }),
    forks: new ForkSchedule(rollup),
    genesis: rollup.genesis,
  });
  // The sequencer runs ahead; the node derives what the batchers post.
  await devnet.produce(60);
}, 40_000);

afterAll(async () => {
  for (const { child } of children) {
    child.kill("SIGKILL");
    await child.exited;
  }
  await replica?.stop();
  await devnet?.stop();
});

let first: NodeProcess;

describe("supernode node on the devnet (a real child process)", () => {
  test("derives chain 901 from L1 into its engine and serves op-node's JSON-RPC", async () => {
    first = await startNode();
    expect(first.ready.chainId).toBe(901);
    expect(first.ready.dataDir).toBe(dataDir);
    expect(first.ready.rpc).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    const status = await deriveUntil(first, 50, 400);
    expect(Object.keys(status).sort()).toEqual([...OP_NODE_SYNC_STATUS_KEYS].sort());
    expect(status.current_l1.number).toBeGreaterThan(0);
    await expectSequencerHashes(1, status.local_safe_l2.number);
    const rollupConfig = await rpc<unknown>(first, "optimism_rollupConfig");
    expect(rollupConfig).toEqual(JSON.parse(readFileSync(runtime.chain.files.rollup, "utf8")));
    const output = await rpc<{ outputRoot: string }>(first, "optimism_outputAtBlock", [
      `0x${status.local_safe_l2.number.toString(16)}`,
    ]);
    expect(output.outputRoot).toMatch(/^0x[0-9a-f]{64}$/);
    // A batch over HTTP, with an unknown method in it: op-node's -32601 for that one, HTTP 200.
    const response = await fetch(first.rpc, {
      method: "POST",
      body: JSON.stringify([
        { jsonrpc: "2.0", id: 1, method: "optimism_version", params: [] },
        { jsonrpc: "2.0", id: 2, method: "optimism_nope", params: [] },
      ]),
    });
    expect(response.status).toBe(200);
    const batch = (await response.json()) as { id: number; result?: unknown; error?: { code: number } }[];
    expect(batch.map((item) => item.id)).toEqual([1, 2]);
    expect(typeof batch[0]?.result).toBe("string");
    expect(batch[1]?.error?.code).toBe(-32601);
  }, 40_000);

  test("SIGKILLed and restarted on the same data dir and engine: it resumes from the engine's safe head", async () => {
    const before = await rpc<SyncStatusJson>(first, "optimism_syncStatus");
    first.child.kill("SIGKILL");
    await first.child.exited;
    const db = SafeDB.open(safeDBPath(dataDir, runtime.chain.rollup.l2ChainId), {
      chainId: runtime.chain.rollup.l2ChainId,
      genesisHash: runtime.chain.rollup.genesis.l2.hash,
    });
    const lastLocalSafe = db.lastEntry()?.safeHead.number ?? 0;
    db.close();
    expect(lastLocalSafe).toBeGreaterThanOrEqual(before.local_safe_l2.number);
    const engineSafe = await replicaReader.blockRef("safe");
    const engineUnsafe = await replicaReader.blockRef("latest");
    expect(engineSafe?.number).toBeGreaterThan(0);
    const kept = await Promise.all(
      Array.from({ length: engineUnsafe?.number ?? 0 }, (_, i) => replicaReader.blockRef(i + 1)),
    );
    for (let i = 0; i < 20; i++) await devnet.tick();

    const second = await startNode();
    const status = await deriveUntil(second, lastLocalSafe + 20, 400);
    const firstDerived = second.logs.find((line) => line.msg === "first block derived");
    expect(firstDerived).toBeDefined();
    const firstNumber = firstDerived?.l2 as number;
    // Not from genesis: within one channel-timeout window (in L2 blocks) of the last local-safe…
    const { rollup } = runtime.chain;
    const window = (rollup.channelTimeout * devnet.l1.blockTime) / rollup.blockTime;
    expect(firstNumber).toBeGreaterThanOrEqual(lastLocalSafe - window);
    // …and exactly where the engine's safe head left off: nothing below it derived again.
    expect(firstNumber).toBe((engineSafe?.number ?? 0) + 1);
    const reset = second.logs.find((line) => line.msg === "derivation reset");
    expect(reset).toMatchObject({ cause: "start", safe: engineSafe?.number });
    // The engine's blocks up to its old head kept their hashes; above, the sequencer's chain.
    for (const block of kept)
      expect((await replicaReader.blockRef(block?.number ?? 0))?.hash).toBe(block?.hash);
    await expectSequencerHashes(lastLocalSafe - 5, status.local_safe_l2.number);

    // SIGTERM: a clean stop, exit 0.
    second.child.kill("SIGTERM");
    expect(await second.child.exited).toBe(0);
    expect(second.logs.some((line) => line.msg === "stopped")).toBe(true);
  }, 45_000);
});
