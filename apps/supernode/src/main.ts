#!/usr/bin/env bun
// Entry point of the supernode binary (`bun build --compile` bundles from here).
import { runCli } from "./cli.ts";

process.exitCode = await runCli(process.argv.slice(2), {
  out: (text) => process.stdout.write(text),
  err: (text) => process.stderr.write(text),
});
