// `supernode node`: one virtual node alone, a single-chain op-node replacement. It derives the
// chain from L1 (and its beacon node) into one execution engine over the Engine API, keeps its
// SafeDB under the data dir, and serves the chain's `optimism_*` methods over HTTP JSON-RPC.
// stdout carries one JSON line when it is ready; logs are JSON lines on stderr. SIGINT/SIGTERM
// stop it (exit 0); a critical derivation error stops it (exit 1); bad flags or config exit 2.
import { mkdirSync, mkdtempSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { parseArgs } from "node:util";
import { SafeDBError } from "@supernode/derivation";
import { readJwtSecretFile } from "@supernode/engine-api";
import { BeaconClient, createKzgCommitment, L1Client, RpcClient } from "@supernode/l1-source";
import {
  ConfigError,
  type L1ChainConfig,
  type Logger,
  loadProtocolWasm,
  parseL1ChainConfig,
  parseRollupConfig,
  type RollupConfig,
  unknownRollupConfigKeys,
} from "@supernode/protocol";
import { type ServedGateway, serveGateway } from "@supernode/rpc-gateway";
import type { CliIo } from "./cli.ts";
import { createLogger } from "./node/logger.ts";
import { nodeMethods, nodeRpcGateway } from "./node/nodeRpc.ts";
import { type ComposedVirtualNode, createVirtualNode } from "./virtualNode/createVirtualNode.ts";

export const nodeHelp = `Usage:
  supernode node --l1 <url> --l1.beacon <url> --l2 <url> --l2.jwt-secret <file>
                 --rollup.config <file> --rollup.l1-chain-config <file> [options]

One chain's rollup node (an op-node replacement): derives the chain from L1 into its execution
engine and serves optimism_syncStatus, optimism_outputAtBlock, optimism_rollupConfig,
optimism_version and optimism_safeHeadAtL1Block over HTTP JSON-RPC.

Options:
  --l1 <url>                      L1 execution JSON-RPC (required)
  --l1.beacon <url>               L1 beacon node, for blobs (required)
  --l1.beacon-fallbacks <urls>    more beacon nodes or blob archivers, comma-separated, tried in order
  --l1.slot-duration <seconds>    L1 seconds per slot (default: the beacon node's /eth/v1/config/spec)
  --l1.http-poll-interval <ms>    how often the L1 heads are read (default 1000)
  --l2 <url>                      the chain's execution engine, Engine API (required)
  --l2.jwt-secret <file>          the Engine API's JWT secret: 32 bytes of hex (required)
  --rollup.config <file>          the chain's rollup.json (required)
  --rollup.l1-chain-config <file> L1 chain config: geth-style config or genesis (required)
  --data-dir <dir>                where the SafeDB lives: <dir>/<chainId>/safe.db (default: a new temp dir)
  --rpc.addr <addr>               JSON-RPC listen address (default 127.0.0.1)
  --rpc.port <port>               JSON-RPC listen port (default 9545; 0 picks a free one)
  -h, --help                      Show this help and exit.

When ready it prints one JSON line on stdout:
  {"ready":{"rpc":"http://127.0.0.1:9545","chainId":10,"dataDir":"..."}}
`;

export interface NodeArgs {
  readonly l1: string;
  readonly beaconUrls: readonly string[];
  readonly l2: string;
  readonly jwtSecret: Uint8Array;
  readonly rollup: RollupConfig;
  /** Keys of rollup.json neither op-node nor kona defines (ignored, logged). */
  readonly unknownRollupKeys: readonly string[];
  readonly l1Chain: L1ChainConfig;
  /** null: a new temporary directory. */
  readonly dataDir: string | null;
  readonly rpcAddr: string;
  readonly rpcPort: number;
  readonly slotDuration?: number;
  readonly pollIntervalMs?: number;
}

const flags = {
  help: { type: "boolean", short: "h" },
  l1: { type: "string" },
  "l1.beacon": { type: "string" },
  "l1.beacon-fallbacks": { type: "string" },
  "l1.slot-duration": { type: "string" },
  "l1.http-poll-interval": { type: "string" },
  l2: { type: "string" },
  "l2.jwt-secret": { type: "string" },
  "rollup.config": { type: "string" },
  "rollup.l1-chain-config": { type: "string" },
  "data-dir": { type: "string" },
  "rpc.addr": { type: "string" },
  "rpc.port": { type: "string" },
} as const;

type Values = Partial<Record<keyof typeof flags, string | boolean>>;

function required(values: Values, name: keyof typeof flags): string {
  const value = values[name];
  if (typeof value !== "string" || value === "") throw new ConfigError(`--${name}`, "is required");
  return value;
}

function httpUrl(name: string, value: string): string {
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    throw new ConfigError(name, "must be an http(s) URL", value);
  }
  if (url.protocol !== "http:" && url.protocol !== "https:")
    throw new ConfigError(name, "must be an http(s) URL", value);
  return value;
}

function positiveInteger(values: Values, name: keyof typeof flags): number | undefined {
  const value = values[name];
  if (typeof value !== "string") return undefined;
  if (!/^[1-9]\d*$/.test(value)) throw new ConfigError(`--${name}`, "must be a positive integer", value);
  return Number(value);
}

function readJsonFile(flag: string, path: string): unknown {
  let text: string;
  try {
    text = readFileSync(path, "utf8");
  } catch (error) {
    const reason =
      (error as NodeJS.ErrnoException).code === "ENOENT" ? "no such file" : (error as Error).message;
    throw new ConfigError(flag, `cannot read ${path}: ${reason}`, undefined, { cause: error });
  }
  try {
    return JSON.parse(text);
  } catch (error) {
    throw new ConfigError(flag, `${path} is not JSON: ${(error as Error).message}`, undefined, {
      cause: error,
    });
  }
}

/** A config file parsed by `parse`; its ConfigError (naming the key) is kept, behind the flag and path. */
function configFile<T>(flag: string, path: string, json: unknown, parse: (json: unknown) => T): T {
  try {
    return parse(json);
  } catch (error) {
    if (error instanceof ConfigError)
      throw new ConfigError(flag, `${path}: ${error.message}`, undefined, { cause: error });
    throw error;
  }
}

/** node:util's parse errors, as "--flag: what is wrong" (it names the flag in quotes). */
function flagError(error: unknown): ConfigError {
  const text = error instanceof Error ? error.message : String(error);
  const flag = /'([^' ]+)/.exec(text)?.[1] ?? "arguments";
  const reason = /^Unknown option/.test(text)
    ? "unknown option"
    : /argument missing/.test(text)
      ? "needs a value"
      : /^Unexpected argument/.test(text)
        ? "unexpected argument (every option is --name value)"
        : (text.split(". ")[0] ?? text);
  return new ConfigError(flag, reason, undefined, { cause: error });
}

/** Parses the command's flags and reads its files. Throws a ConfigError naming the flag or key. */
export function parseNodeArgs(argv: readonly string[]): NodeArgs | "help" {
  let values: Values;
  try {
    values = parseArgs({ args: [...argv], strict: true, allowPositionals: false, options: flags }).values;
  } catch (error) {
    throw flagError(error);
  }
  if (values.help) return "help";
  const l1 = httpUrl("--l1", required(values, "l1"));
  const beacon = httpUrl("--l1.beacon", required(values, "l1.beacon"));
  const fallbacks =
    typeof values["l1.beacon-fallbacks"] === "string"
      ? values["l1.beacon-fallbacks"]
          .split(",")
          .map((url) => url.trim())
          .filter((url) => url !== "")
          .map((url) => httpUrl("--l1.beacon-fallbacks", url))
      : [];
  const l2 = httpUrl("--l2", required(values, "l2"));
  const rpcAddr = typeof values["rpc.addr"] === "string" ? values["rpc.addr"] : "127.0.0.1";
  if (rpcAddr === "") throw new ConfigError("--rpc.addr", "must not be empty");
  const port = typeof values["rpc.port"] === "string" ? values["rpc.port"] : "9545";
  if (!/^\d+$/.test(port) || Number(port) > 65535)
    throw new ConfigError("--rpc.port", "must be a port number 0–65535", port);
  const slotDuration = positiveInteger(values, "l1.slot-duration");
  const pollIntervalMs = positiveInteger(values, "l1.http-poll-interval");
  const dataDir = typeof values["data-dir"] === "string" ? values["data-dir"] : null;
  if (dataDir === "") throw new ConfigError("--data-dir", "must not be empty");

  const jwtPath = required(values, "l2.jwt-secret");
  const jwtSecret = readJwtSecretFile(jwtPath, "--l2.jwt-secret");
  const rollupPath = required(values, "rollup.config");
  const rollupJson = readJsonFile("--rollup.config", rollupPath);
  const rollup = configFile("--rollup.config", rollupPath, rollupJson, parseRollupConfig);
  const l1ChainPath = required(values, "rollup.l1-chain-config");
  const l1Chain = configFile(
    "--rollup.l1-chain-config",
    l1ChainPath,
    readJsonFile("--rollup.l1-chain-config", l1ChainPath),
    parseL1ChainConfig,
  );
  if (l1Chain.chainId !== rollup.l1ChainId)
    throw new ConfigError(
      "--rollup.l1-chain-config",
      `chain id ${l1Chain.chainId} differs from the rollup config's l1_chain_id ${rollup.l1ChainId}`,
    );
  return {
    l1,
    beaconUrls: [beacon, ...fallbacks],
    l2,
    jwtSecret,
    rollup,
    unknownRollupKeys: unknownRollupConfigKeys(rollupJson),
    l1Chain,
    dataDir: dataDir === null ? null : resolve(dataDir),
    rpcAddr,
    rpcPort: Number(port),
    ...(slotDuration === undefined ? {} : { slotDuration }),
    ...(pollIntervalMs === undefined ? {} : { pollIntervalMs }),
  };
}

function usage(io: CliIo, message: string): number {
  io.err(`supernode node: ${message}\nRun supernode node --help for usage.\n`);
  return 2;
}

const message = (error: unknown) => (error instanceof Error ? error.message : String(error));

/**
 * op-node's start checks: L1 is the rollup config's L1 (chain id and genesis block) and the engine
 * holds the chain's genesis. A mismatch is a ConfigError naming the flag; unreachable nodes throw.
 */
async function checkEndpoints(args: NodeArgs, rpc: RpcClient, l1: L1Client, composed: ComposedVirtualNode) {
  const { genesis, l1ChainId } = args.rollup;
  const chainId = BigInt(await rpc.request<string>("eth_chainId"));
  if (chainId !== l1ChainId)
    throw new ConfigError(
      "--l1",
      `chain id ${chainId} differs from the rollup config's l1_chain_id ${l1ChainId}`,
    );
  const l1Genesis = await l1.canonicalHeaderByNumber(genesis.l1.number);
  if (l1Genesis.hash.toLowerCase() !== genesis.l1.hash.toLowerCase())
    throw new ConfigError(
      "--l1",
      `block ${genesis.l1.number} is ${l1Genesis.hash}, the rollup config's genesis.l1.hash is ${genesis.l1.hash}`,
    );
  const l2Genesis = await composed.reader.blockRef(genesis.l2.number);
  if (l2Genesis?.hash.toLowerCase() !== genesis.l2.hash.toLowerCase())
    throw new ConfigError(
      "--l2",
      `block ${genesis.l2.number} is ${l2Genesis?.hash ?? "missing"}, the rollup config's genesis.l2.hash is ${genesis.l2.hash}`,
    );
}

const SHUTDOWN_DEADLINE_MS = 10_000;
const WATCH_INTERVAL_MS = 250;

/**
 * Runs the node until SIGINT or SIGTERM (or until `stop` resolves, for tests) and returns the exit
 * code: 0 after a requested stop, 1 when the node stopped itself or could not start, 2 for bad
 * flags or config.
 */
export async function runNode(
  argv: readonly string[],
  io: CliIo,
  options: { readonly stop?: Promise<void>; readonly logger?: Logger } = {},
): Promise<number> {
  let args: NodeArgs | "help";
  try {
    args = parseNodeArgs(argv);
  } catch (error) {
    return usage(io, message(error));
  }
  if (args === "help") {
    io.out(nodeHelp);
    return 0;
  }
  const chainId = Number(args.rollup.l2ChainId);
  const logger = (options.logger ?? createLogger()).child({ chainId });
  if (args.unknownRollupKeys.length > 0)
    logger.warn("rollup config: unknown keys ignored", { keys: args.unknownRollupKeys });
  let dataDir: string;
  try {
    dataDir = args.dataDir ?? mkdtempSync(join(tmpdir(), "supernode-node-"));
    mkdirSync(dataDir, { recursive: true });
  } catch (error) {
    return usage(io, `--data-dir: cannot create ${args.dataDir}: ${message(error)}`);
  }

  await loadProtocolWasm();
  const rpc = new RpcClient({ url: args.l1 });
  const l1 = new L1Client(rpc);
  const beacon = new BeaconClient({
    urls: args.beaconUrls,
    commit: createKzgCommitment(),
    ...(args.slotDuration === undefined ? {} : { secondsPerSlot: args.slotDuration }),
  });
  let firstDerived = true;
  let composed: ComposedVirtualNode;
  try {
    composed = await createVirtualNode({
      rollup: args.rollup,
      l1Chain: args.l1Chain,
      l1,
      beacon,
      engineUrl: args.l2,
      jwtSecret: args.jwtSecret,
      dataDir,
      logger,
      ...(args.pollIntervalMs === undefined ? {} : { pollIntervalMs: args.pollIntervalMs }),
      onEvent: (event) => {
        // The first block derived after a start says where derivation resumed.
        if (event.kind !== "derived" || !firstDerived) return;
        firstDerived = false;
        logger.info("first block derived", {
          l2: event.block.number,
          hash: event.block.hash,
          consolidated: event.consolidated,
        });
      },
    });
  } catch (error) {
    if (error instanceof SafeDBError && ["foreign", "corrupt", "schema"].includes(error.kind))
      return usage(io, `--data-dir: ${error.message}`);
    logger.error("cannot start the virtual node", { error: message(error) });
    return 1;
  }
  const { node, safeDb } = composed;
  const closeDb = () => {
    try {
      safeDb?.close();
    } catch (error) {
      logger.error("closing the SafeDB failed", { error: message(error) });
    }
  };

  try {
    await checkEndpoints(args, rpc, l1, composed);
  } catch (error) {
    closeDb();
    if (error instanceof ConfigError) return usage(io, error.message);
    logger.error("cannot reach L1 or the engine", { error: message(error) });
    return 1;
  }

  let server: ServedGateway;
  try {
    const gateway = nodeRpcGateway(nodeMethods(node), logger.child({ component: "rpc" }));
    server = await serveGateway(gateway, { hostname: args.rpcAddr, port: args.rpcPort });
  } catch (error) {
    closeDb();
    logger.error("cannot listen", { addr: args.rpcAddr, port: args.rpcPort, error: message(error) });
    return 1;
  }

  node.start();
  const heads = composed.controller.labels;
  logger.info("virtual node started", {
    rpc: server.url,
    dataDir,
    unsafe: heads.unsafe.number,
    safe: heads.safe.number,
    finalized: heads.finalized.number,
  });
  io.out(`${JSON.stringify({ ready: { rpc: server.url, chainId, dataDir } })}\n`);

  // Until a signal (or `stop`), or until the node stops itself.
  let watch: ReturnType<typeof setInterval> | undefined;
  const signals: NodeJS.Signals[] = ["SIGINT", "SIGTERM"];
  let onSignal: ((signal: NodeJS.Signals) => void) | undefined;
  const why = await new Promise<"requested" | "stopped-itself">((done) => {
    onSignal = (signal) => {
      logger.info("stopping", { signal });
      done("requested");
    };
    for (const signal of signals) process.once(signal, onSignal);
    options.stop?.then(() => done("requested"));
    watch = setInterval(() => {
      if (!node.running) done("stopped-itself");
    }, WATCH_INTERVAL_MS);
  });
  clearInterval(watch);
  for (const signal of signals) if (onSignal) process.off(signal, onSignal);

  await server.stop();
  let deadline: ReturnType<typeof setTimeout> | undefined;
  const stopped = await Promise.race([
    node.stop().then(() => true),
    new Promise<false>((done) => {
      deadline = setTimeout(() => done(false), SHUTDOWN_DEADLINE_MS);
    }),
  ]);
  clearTimeout(deadline);
  if (!stopped) logger.warn("the virtual node did not stop in time", { deadlineMs: SHUTDOWN_DEADLINE_MS });
  closeDb();
  if (why === "stopped-itself") {
    logger.error("virtual node stopped by itself", { reason: node.stopReason ?? "unknown" });
    return 1;
  }
  logger.info("stopped");
  return 0;
}
