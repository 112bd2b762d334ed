#!/usr/bin/env bun
// The devnet's command line: `bun run devnet <command>` from the project root.
import { DEVNET_USAGE, DevnetUsageError, runDevnetCommand } from "./devnetCommand.ts";
import { ENGINE_USAGE, startEngineCommand, UsageError } from "./engine/engineCommand.ts";

const argv = process.argv.slice(2);
// `devnet` and `devnet --chains 3 …` start the whole devnet, like `devnet start …`.
const [command, ...rest] = argv[0] === undefined || argv[0].startsWith("-") ? ["start", ...argv] : argv;

async function main(): Promise<number> {
  switch (command) {
    case "start":
      if (rest.includes("--help") || rest.includes("-h")) {
        console.log(DEVNET_USAGE);
        return 0;
      }
      return runDevnetCommand(rest);
    case "engine": {
      const handle = await startEngineCommand(rest);
      console.log(JSON.stringify({ ready: handle.ready }));
      await new Promise<void>((resolve) => {
        for (const signal of ["SIGINT", "SIGTERM"] as const) process.once(signal, () => resolve());
      });
      await handle.stop();
      return 0;
    }
    default:
      console.error(
        `usage: devnet <command>\n\ncommands:\n  start    (default) the whole devnet: L1, chains, sequencers, batchers, traffic\n  engine   one devnet execution engine (Engine API over anvil)\n\n${DEVNET_USAGE}\n${ENGINE_USAGE}`,
      );
      return command === undefined || command === "help" || command === "--help" ? 0 : 2;
  }
}

try {
  process.exit(await main());
} catch (error) {
  if (error instanceof DevnetUsageError) {
    console.error(`devnet: ${error.message}\n\n${DEVNET_USAGE}`);
    process.exit(2);
  }
  if (error instanceof UsageError) {
    console.error(`devnet ${command}: ${error.message}\n\n${ENGINE_USAGE}`);
    process.exit(2);
  }
  console.error(`devnet ${command}: ${error instanceof Error ? error.message : String(error)}`);
  process.exit(1);
}
