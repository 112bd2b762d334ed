// `npm start`'s options: the devnet's own (chains, clock, L1 block time, blobs or calldata,
// compression, batch type, traffic) plus what the launcher adds around the supernode.

import type { DevnetOptions } from "../devnet.ts";
import { DEVNET_USAGE, DevnetUsageError, parseDevnetArgs } from "../devnetCommand.ts";

export const LAUNCH_USAGE = `usage: npm start -- [options]

Starts the devnet (an anvil L1 with blobs and N OP chains, each with a sequencer, a batcher and
traffic) and the supernode deriving every chain from L1 into its own engines, then shows a live
status until Ctrl-C. L2 block times: 901 1 s, 902 2 s, alternating after that.

supernode options:
  --exit-after-safe N     exit 0 once every chain's safe head is at block N or higher (scripts, CI)
  --supernode-binary P    run this compiled supernode (npm run build → apps/supernode/dist/supernode)
                          instead of the sources
  --data-dir DIR          keep everything in DIR (default: a temporary dir, removed at exit)
  --status-interval MS    how often the status is refreshed (default 1000)
  -h, --help              this help

devnet options (passed to the devnet):
${DEVNET_USAGE.split("\n")
  .slice(1)
  .filter((line) => line.trim() !== "" && !/^ {2}--(data-dir|blocks) /.test(line))
  .join("\n")}
`;

export interface LaunchOptions {
  readonly devnet: DevnetOptions;
  readonly exitAfterSafe: number | null;
  readonly supernodeBinary: string | null;
  readonly dataDir: string | null;
  readonly statusIntervalMs: number;
}

const launcherFlags = {
  "exit-after-safe": { type: "string" },
  "supernode-binary": { type: "string" },
  "status-interval": { type: "string" },
  help: { type: "boolean", short: "h" },
} as const;

function count(value: string | undefined, name: string, fallback: number | null): number | null {
  if (value === undefined) return fallback;
  if (!/^\d+$/.test(value))
    throw new DevnetUsageError(`--${name} must be a non-negative integer, got ${value}`);
  return Number(value);
}

/** The options, or "help"; a bad option throws DevnetUsageError naming it. */
export function parseLaunchArgs(argv: readonly string[]): LaunchOptions | "help" {
  // The launcher's own flags first; everything else must be a devnet flag.
  const own: Record<string, string | boolean | undefined> = {};
  const rest: string[] = [];
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i] as string;
    const name = arg.replace(/^--?/, "").split("=")[0] as string;
    const spec = (launcherFlags as Record<string, { type: string; short?: string }>)[name];
    const short = arg === "-h";
    if (!spec && !short) {
      rest.push(arg);
      continue;
    }
    if (short || spec?.type === "boolean") {
      own[short ? "help" : name] = true;
      continue;
    }
    const inline = arg.includes("=") ? arg.slice(arg.indexOf("=") + 1) : undefined;
    const value = inline ?? argv[++i];
    if (value === undefined) throw new DevnetUsageError(`--${name} needs a value`);
    own[name] = value;
  }
  if (own.help) return "help";
  if (rest.some((arg) => arg === "--blocks" || arg.startsWith("--blocks=")))
    throw new DevnetUsageError("--blocks is the devnet's alone; use --exit-after-safe N");
  // The devnet's flags are checked exactly as `bun run devnet` checks them.
  const { options } = parseDevnetArgs(rest);
  const str = (key: string) => own[key] as string | undefined;
  return {
    devnet: options,
    exitAfterSafe: count(str("exit-after-safe"), "exit-after-safe", null),
    supernodeBinary: str("supernode-binary") ?? null,
    dataDir: options.dataDir ?? null,
    statusIntervalMs: count(str("status-interval"), "status-interval", 1000) || 1000,
  };
}
