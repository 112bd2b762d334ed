// The supernode command line. Only what exists is listed: subcommands are added as they land.
import packageJson from "../package.json" with { type: "json" };

export interface CliIo {
  out(text: string): void;
  err(text: string): void;
}

export const version: string = packageJson.version;

export function versionLine(): string {
  const runtime = typeof Bun === "undefined" ? "" : ` (bun ${Bun.version})`;
  return `supernode ${version}${runtime}`;
}

export function helpText(): string {
  return `${versionLine()}
One process running every OP Stack chain of an interop dependency set.

Usage:
  supernode [--help | --version]

Options:
  -h, --help       Show this help and exit.
  -v, --version    Print the version and exit.

Commands:
  (none yet: the node, inspect and devnet commands arrive with their issues)
`;
}

/** Runs the CLI with `argv` (without the program name) and returns the process exit code. */
export function runCli(argv: readonly string[], io: CliIo): number {
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
  const what = first.startsWith("-") ? `unknown option ${first}` : `unknown command ${first}`;
  io.err(`supernode: ${what}\nRun supernode --help for usage.\n`);
  return 2;
}
