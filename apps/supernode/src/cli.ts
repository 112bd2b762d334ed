// The supernode command line. Only what exists is listed: subcommands are added as they land.
import { runInspect } from "./inspect/inspectCommand.ts";
import { runL1Proxy } from "./l1ProxyCommand.ts";
import { runNode } from "./nodeCommand.ts";
import { runSupernodeCommand } from "./runCommand.ts";
import { runStatus } from "./statusCommand.ts";
import { version } from "./version.ts";

export interface CliIo {
  out(text: string): void;
  err(text: string): void;
}

export { version } from "./version.ts";

export function versionLine(): string {
  const runtime = typeof Bun === "undefined" ? "" : ` (bun ${Bun.version})`;
  return `supernode ${version}${runtime}`;
}

export function helpText(): string {
  return `${versionLine()}
One process running every OP Stack chain of an interop dependency set.

Usage:
  supernode <command> [options]
  supernode [--help | --version]

Commands:
  inspect tx <file|0xhex>        decode a batcher transaction: frames, channels, batches (JSON)
  inspect channel <file|0xhex>   decode compressed channel data: batches (JSON)
  inspect blobs <file...>        decode raw blobs: frames, channels, batches (JSON)
  l1-proxy --l1 <url>            a caching L1 and beacon proxy several supernodes can share
  node --l1 <url> --l2 <url> ... one chain's rollup node alone (an op-node replacement)
  run --chains <ids> --l1 <url> ... every chain of the dependency set (also: supernode --chains …)
  status [--rpc <url>]           a running supernode's chains and heads

Options:
  -h, --help       Show this help and exit.
  -v, --version    Print the version and exit.

Run supernode <command> --help for a command's options.
`;
}

/** Runs the CLI with `argv` (without the program name) and returns the process exit code. */
export async function runCli(argv: readonly string[], io: CliIo): Promise<number> {
  const [first, ...rest] = argv;
  if (first === undefined || first === "-h" || first === "--help" || first === "help") {
    io.out(helpText());
    return 0;
  }
  if (first === "-v" || first === "--version" || first === "version") {
    if (rest.length > 0) {
      io.err(`supernode: --version takes no arguments (got ${rest.join(" ")})\n`);
      return 2;
    }
    io.out(`${versionLine()}\n`);
    return 0;
  }
  if (first === "inspect") return runInspect(rest, io);
  if (first === "l1-proxy") return runL1Proxy(rest, io);
  if (first === "node") return runNode(rest, io);
  if (first === "run") return runSupernodeCommand(rest, io);
  if (first === "status") return runStatus(rest, io);
  // op-supernode's drop-in form: the flags alone.
  if (first.startsWith("--")) return runSupernodeCommand(argv, io);
  const what = first.startsWith("-") ? `unknown option ${first}` : `unknown command ${first}`;
  io.err(`supernode: ${what}\nRun supernode --help for usage.\n`);
  return 2;
}
