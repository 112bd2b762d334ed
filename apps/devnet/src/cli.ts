#!/usr/bin/env bun
// The devnet's command line: `bun run devnet <command>` from the project root.
import { ENGINE_USAGE, startEngineCommand, UsageError } from "./engine/engineCommand.ts";

const [command, ...rest] = process.argv.slice(2);

async function main(): Promise<number> {
  switch (command) {
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
        `usage: devnet <command>\n\ncommands:\n  engine   one devnet execution engine (Engine API over anvil)\n\n${ENGINE_USAGE}`,
      );
      return command === undefined || command === "help" || command === "--help" ? 0 : 2;
  }
}

try {
  process.exit(await main());
} catch (error) {
  if (error instanceof UsageError) {
    console.error(`devnet ${command}: ${error.message}\n\n${ENGINE_USAGE}`);
    process.exit(2);
  }
  console.error(`devnet ${command}: ${error instanceof Error ? error.message : String(error)}`);
  process.exit(1);
}
