// `npm start`: the devnet and the supernode deriving every chain of it, for anyone. The devnet
// runs in this process (its anvils are watched children); each chain gets a replica engine of its
// own for the supernode (the sequencer's engine is never shared); the supernode runs as a child
// process, from the sources or a compiled binary, under a watchdog so it never outlives this
// process. Logs go to files; the terminal shows where everything is and a live status.
import { closeSync, mkdirSync, mkdtempSync, openSync, rmSync, writeSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { Logger, SuperNodeSyncStatusJson } from "@supernode/protocol";
import { Devnet } from "../devnet.ts";
import { jsonLinesLogger } from "../devnetCommand.ts";
import { spawnOwned } from "../process/ownedProcess.ts";
import type { LaunchOptions } from "./launchArgs.ts";
import { LiveStatus, type StatusSnapshot } from "./liveStatus.ts";
import { type SupernodeEngines, startSupernodeEngines, supernodeArgs } from "./supernodeArgs.ts";

export interface LaunchIo {
  out(text: string): void;
  /** Whether `out` is a terminal (the status is redrawn in place). */
  readonly terminal: boolean;
}

/** The project root, where apps/supernode/src/main.ts lives. */
const projectRoot = join(import.meta.dir, "..", "..", "..", "..");
/** Devnet time per tick with the fast clock: fast, but never so far ahead the supernode starves. */
const FAST_TICK_PAUSE_MS = 20;
const STOP_DEADLINE_MS = 10_000;

/** JSON lines appended to a file (the devnet's log; the terminal is for the status). */
function fileLogger(path: string): { logger: Logger; close(): void } {
  const fd = openSync(path, "a");
  return { logger: jsonLinesLogger((line) => writeSync(fd, line)), close: () => closeSync(fd) };
}

async function rpc<T>(url: string, method: string): Promise<T> {
  const response = await fetch(url, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ jsonrpc: "2.0", id: 1, method, params: [] }),
    signal: AbortSignal.timeout(2_000),
  });
  const body = (await response.json()) as { result?: T; error?: { message: string } };
  if (body.result === undefined) throw new Error(body.error?.message ?? `HTTP ${response.status}`);
  return body.result;
}

/** The first stdout line of the supernode that carries `ready`, or why there is none. */
async function readyLine(
  stdout: ReadableStream<Uint8Array>,
): Promise<{ rpc: string; metrics: string | null; chains: string[] }> {
  const decoder = new TextDecoder();
  let buffered = "";
  for await (const chunk of stdout) {
    buffered += decoder.decode(chunk, { stream: true });
    let newline = buffered.indexOf("\n");
    while (newline >= 0) {
      const line = buffered.slice(0, newline);
      buffered = buffered.slice(newline + 1);
      try {
        const parsed = JSON.parse(line) as {
          ready?: { rpc: string; metrics: string | null; chains: string[] };
        };
        if (parsed.ready) return parsed.ready;
      } catch {
        // Not a JSON line: not the ready line.
      }
      newline = buffered.indexOf("\n");
    }
  }
  throw new Error("the supernode exited before it was ready");
}

/** Runs until `stop` aborts, the exit condition holds (0) or the supernode dies (1). */
export async function launch(options: LaunchOptions, io: LaunchIo, stop: AbortSignal): Promise<number> {
  const temporary = options.dataDir === null;
  const root = options.dataDir ?? mkdtempSync(join(tmpdir(), "supernode-start-"));
  const logs = join(root, "logs");
  mkdirSync(logs, { recursive: true });
  const devnetLog = fileLogger(join(logs, "devnet.log"));
  const supernodeLog = openSync(join(logs, "supernode.log"), "a");
  const fast = options.devnet.clock === "fast";
  let engines: SupernodeEngines | null = null;
  let devnet: Devnet | null = null;
  let supernode: ReturnType<typeof spawnOwned> | null = null;
  let code = 0;
  try {
    io.out(`starting the devnet (${options.devnet.chains ?? 2} chains, ${fast ? "fast" : "real"} clock)…\n`);
    devnet = await Devnet.start({
      ...options.devnet,
      dataDir: join(root, "devnet"),
      logger: devnetLog.logger,
    });
    engines = await startSupernodeEngines(devnet, join(root, "engines"));
    const argv = [
      "run",
      ...supernodeArgs(devnet, engines, {
        dataDir: join(root, "supernode"),
        l1PollInterval: fast ? "100ms" : "1s",
      }),
      "--log.format",
      "json",
    ];
    const command = options.supernodeBinary
      ? [options.supernodeBinary, ...argv]
      : [process.execPath, join(projectRoot, "apps", "supernode", "src", "main.ts"), ...argv];
    supernode = spawnOwned(command, { stdout: "pipe", stderr: supernodeLog });
    const ready = await readyLine(supernode.stdout as ReadableStream<Uint8Array>);
    io.out(
      [
        `devnet: L1 ${devnet.l1.url} (beacon ${devnet.l1.beaconUrl}); chains ${ready.chains.join(", ")}`,
        `supernode: RPC ${ready.rpc} (supernode_syncStatus, superroot_atTimestamp; each chain's optimism_* at ${ready.rpc}/<chainId>)`,
        `           metrics ${ready.metrics ?? "off"}`,
        `logs: ${logs}${temporary ? " (a temporary dir, removed at exit)" : ""}`,
        "Ctrl-C stops everything.",
        "",
      ].join("\n"),
    );
    code = await follow(devnet, ready.rpc, supernode.exited, options, io, stop);
  } catch (error) {
    if (!stop.aborted) {
      io.out(`npm start: ${error instanceof Error ? error.message : String(error)} (logs: ${logs})\n`);
      code = 1;
    }
  } finally {
    if (supernode) {
      supernode.kill("SIGTERM");
      const stopped = await Promise.race([supernode.exited, Bun.sleep(STOP_DEADLINE_MS).then(() => null)]);
      if (stopped === null) supernode.kill("SIGKILL");
    }
    await engines?.stop();
    await devnet?.stop().catch(() => undefined);
    devnetLog.close();
    closeSync(supernodeLog);
    if (temporary) rmSync(root, { recursive: true, force: true });
  }
  return code;
}

/** Drives the devnet and shows the status until told to stop, the exit condition or a dead supernode. */
async function follow(
  devnet: Devnet,
  rpcUrl: string,
  supernodeExited: Promise<number>,
  options: LaunchOptions,
  io: LaunchIo,
  stop: AbortSignal,
): Promise<number> {
  const done = new AbortController();
  const finish = () => done.abort();
  stop.addEventListener("abort", finish);
  let code = 0;
  void supernodeExited.then((exitCode) => {
    if (done.signal.aborted) return;
    io.out(`the supernode exited by itself (code ${exitCode}); see its log\n`);
    code = 1;
    finish();
  });
  const live = new LiveStatus(io.out, io.terminal);
  const statusLoop = (async () => {
    while (!done.signal.aborted) {
      const snapshot = await snapshotOf(devnet, rpcUrl);
      if (done.signal.aborted) break;
      live.show(snapshot);
      if (options.exitAfterSafe !== null && allSafe(snapshot.status, options.exitAfterSafe)) {
        io.out(`every chain is safe at block ${options.exitAfterSafe} or higher\n`);
        finish();
        break;
      }
      await Bun.sleep(options.statusIntervalMs);
    }
    live.release();
  })();
  const fast = options.devnet.clock === "fast";
  while (!done.signal.aborted) {
    try {
      await devnet.tick();
    } catch (error) {
      if (done.signal.aborted) break;
      io.out(`devnet tick failed: ${error instanceof Error ? error.message : String(error)}\n`);
      await Bun.sleep(1_000);
    }
    if (fast) await Bun.sleep(FAST_TICK_PAUSE_MS);
  }
  await statusLoop;
  stop.removeEventListener("abort", finish);
  return code;
}

async function snapshotOf(devnet: Devnet, rpcUrl: string): Promise<StatusSnapshot> {
  const l1Head = (await devnet.l1.head().catch(() => null))?.number ?? null;
  try {
    return { l1Head, status: await rpc<SuperNodeSyncStatusJson>(rpcUrl, "supernode_syncStatus") };
  } catch (error) {
    return { l1Head, status: null, note: error instanceof Error ? error.message : String(error) };
  }
}

function allSafe(status: SuperNodeSyncStatusJson | null, block: number): boolean {
  if (!status || status.chain_ids.length === 0) return false;
  return status.chain_ids.every((id) => (status.chains[id]?.safe_l2.number ?? -1) >= block);
}
