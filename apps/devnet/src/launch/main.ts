#!/usr/bin/env bun
// `npm start` (scripts/bootstrap.mjs hands over here): the devnet and the supernode on it.
// Exit codes: 0 stopped (Ctrl-C, SIGTERM, or --exit-after-safe reached), 1 failed, 2 bad options.
import { DevnetUsageError } from "../devnetCommand.ts";
import { launch } from "./launch.ts";
import { LAUNCH_USAGE, parseLaunchArgs } from "./launchArgs.ts";

function main(argv: readonly string[]): Promise<number> | number {
  let options: ReturnType<typeof parseLaunchArgs>;
  try {
    options = parseLaunchArgs(argv);
  } catch (error) {
    if (!(error instanceof DevnetUsageError)) throw error;
    process.stderr.write(`npm start: ${error.message}\n\n${LAUNCH_USAGE}`);
    return 2;
  }
  if (options === "help") {
    process.stdout.write(LAUNCH_USAGE);
    return 0;
  }
  const stop = new AbortController();
  for (const signal of ["SIGINT", "SIGTERM"] as const)
    process.on(signal, () => {
      if (!stop.signal.aborted) process.stdout.write("\nstopping…\n");
      stop.abort();
    });
  return launch(
    options,
    { out: (text) => process.stdout.write(text), terminal: process.stdout.isTTY === true },
    stop.signal,
  );
}

process.exit(await main(process.argv.slice(2)));
