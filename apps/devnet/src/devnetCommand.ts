// `bun run devnet [start]`: the whole devnet in the foreground. Prints one JSON line with the
// endpoints (L1 RPC and beacon, L1 chain config, dependency set, and per chain the sequencer
// engine, its JWT file, rollup config and genesis), then a status line per L1 block; SIGINT and
// SIGTERM stop every child (the anvils' watchdogs cover SIGKILL).
import { parseArgs } from "node:util";
import type { LogFields, Logger } from "@supernode/protocol";
import { Devnet, type DevnetOptions } from "./devnet.ts";

export const DEVNET_USAGE = `usage: devnet [start] [options]

  --chains N              chains in the dependency set (default 2: 901 with 1 s blocks, 902 with 2 s)
  --clock real|fast       wall time (default) or as fast as the machine goes
  --data-dir DIR          where configs, genesis files and JWT secrets are written (default: a temp dir)
  --l1-block-time S       L1 seconds per block = per slot (default 2)
  --data blobs|calldata   how the batchers post (default blobs)
  --compression brotli|zlib   channel compression (default brotli)
  --batch span|singular   batch type (default span)
  --forks default|holocene-mid-run   fork schedule (README: "Fork schedule")
  --no-traffic            no transfers, deposits or interop messages
  --invalid-messages K,…  also send one invalid executing message of each kind: wrongPayloadHash,
                          unknownChainId, futureTimestamp, expired, undeclared (no access list)
  --blocks N              stop after N blocks on every chain (for scripts)
`;

export class DevnetUsageError extends Error {}

function choice<T extends string>(
  value: string | undefined,
  name: string,
  options: readonly T[],
  fallback: T,
): T {
  if (value === undefined) return fallback;
  if (!options.includes(value as T))
    throw new DevnetUsageError(`--${name} must be one of ${options.join(", ")}, got ${value}`);
  return value as T;
}

function positive(value: string | undefined, name: string): number | undefined {
  if (value === undefined) return undefined;
  if (!/^[1-9]\d*$/.test(value))
    throw new DevnetUsageError(`--${name} must be a positive integer, got ${value}`);
  return Number(value);
}

const INVALID_KINDS = [
  "wrongPayloadHash",
  "unknownChainId",
  "futureTimestamp",
  "expired",
  "undeclared",
] as const;

function invalidMessages(value: string | undefined): Pick<DevnetOptions, "traffic"> {
  if (value === undefined) return {};
  const kinds = value.split(",").filter((kind) => kind !== "");
  for (const kind of kinds)
    if (!(INVALID_KINDS as readonly string[]).includes(kind))
      throw new DevnetUsageError(
        `--invalid-messages: unknown kind ${kind} (one of ${INVALID_KINDS.join(", ")})`,
      );
  return { traffic: { invalidMessages: kinds as (typeof INVALID_KINDS)[number][] } };
}

export function parseDevnetArgs(argv: string[]): { options: DevnetOptions; blocks?: number } {
  let values: Record<string, string | boolean | undefined>;
  try {
    values = parseArgs({
      args: argv,
      options: {
        chains: { type: "string" },
        clock: { type: "string" },
        "data-dir": { type: "string" },
        "l1-block-time": { type: "string" },
        data: { type: "string" },
        compression: { type: "string" },
        batch: { type: "string" },
        forks: { type: "string" },
        "no-traffic": { type: "boolean" },
        "invalid-messages": { type: "string" },
        blocks: { type: "string" },
      },
      strict: true,
    }).values;
  } catch (error) {
    throw new DevnetUsageError(error instanceof Error ? error.message : String(error));
  }
  const str = (key: string) => values[key] as string | undefined;
  const chains = positive(str("chains"), "chains");
  if (chains !== undefined && chains > 16) throw new DevnetUsageError("--chains must be at most 16");
  const l1BlockTime = positive(str("l1-block-time"), "l1-block-time");
  const blocks = positive(str("blocks"), "blocks");
  const options: DevnetOptions = {
    ...(chains === undefined ? {} : { chains }),
    clock: choice(str("clock"), "clock", ["real", "fast"], "real"),
    ...(str("data-dir") ? { dataDir: str("data-dir") as string } : {}),
    ...(l1BlockTime === undefined ? {} : { l1BlockTime }),
    dataMode: choice(str("data"), "data", ["blobs", "calldata"] as const, "blobs"),
    compression: choice(str("compression"), "compression", ["brotli", "zlib"] as const, "brotli"),
    batchType: choice(str("batch"), "batch", ["span", "singular"] as const, "span"),
    forks: choice(str("forks"), "forks", ["default", "holocene-mid-run"], "default"),
    ...(values["no-traffic"] ? { traffic: false as const } : invalidMessages(str("invalid-messages"))),
  };
  return blocks === undefined ? { options } : { options, blocks };
}

/** A logger writing JSON lines (info and above; bigints as strings) through `write`. */
export function jsonLinesLogger(write: (line: string) => void): Logger {
  const at = (level: string) => (message: string, fields?: LogFields) => {
    write(
      `${JSON.stringify({ level, time: Date.now(), msg: message, ...fields }, (_key, value) => (typeof value === "bigint" ? value.toString() : value))}\n`,
    );
  };
  const logger: Logger = {
    trace: () => {},
    debug: () => {},
    info: at("info"),
    warn: at("warn"),
    error: at("error"),
    child: () => logger,
  };
  return logger;
}

/** A logger writing JSON lines to stderr. */
export function stderrLogger(): Logger {
  return jsonLinesLogger((line) => process.stderr.write(line));
}

export async function runDevnetCommand(argv: string[]): Promise<number> {
  const { options, blocks } = parseDevnetArgs(argv);
  const devnet = await Devnet.start({ ...options, logger: stderrLogger() });
  let stopped: Promise<void> | null = null;
  const stop = () => {
    stopped ??= devnet.stop();
    return stopped;
  };
  for (const signal of ["SIGINT", "SIGTERM"] as const) process.once(signal, () => void stop());
  console.log(JSON.stringify({ devnet: devnet.endpoints }));
  let lastL1 = -1;
  while (stopped === null) {
    try {
      await devnet.tick();
    } catch (error) {
      // Ticks race with a stop (the L1 goes away under them); anything else is reported.
      if (stopped !== null) break;
      process.stderr.write(
        `${JSON.stringify({ level: "error", msg: "tick failed", error: String(error) })}\n`,
      );
      await Bun.sleep(1000);
    }
    const l1 = (await devnet.l1.head().catch(() => null))?.number ?? lastL1;
    if (l1 !== lastL1) {
      lastL1 = l1;
      const heads = Object.fromEntries(
        devnet.runtimes.map((r) => [r.chain.chainId, r.sequencer.head.number]),
      );
      console.log(JSON.stringify({ l1, unsafe: heads }));
    }
    if (blocks !== undefined && devnet.runtimes.every((r) => r.sequencer.head.number >= blocks)) break;
  }
  await stop();
  return 0;
}
