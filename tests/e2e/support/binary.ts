// The compiled supernode, as an operator runs it: `SUPERNODE_BINARY` when it names one (CI builds
// it once), else built here with the app's own build script into a temporary directory, once per
// test process (bun test runs every file in one process, so the e2e files share one build). The
// directory (about 100 MB) is removed by a small shell watchdog once this process has exited:
// bun test runs no exit handlers, and the files after the one that built it still need it.
import { existsSync, mkdtempSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

const APP_DIR = join(import.meta.dir, "../../../apps/supernode");

const REMOVE_AFTER_EXIT = `while kill -0 "$1" 2>/dev/null; do sleep 1; done
rm -rf "$2"`;

let built: Promise<string> | null = null;

function build(): string {
  const { scripts } = JSON.parse(readFileSync(join(APP_DIR, "package.json"), "utf8")) as {
    scripts: { build: string };
  };
  const outDir = mkdtempSync(join(tmpdir(), "supernode-e2e-bin-"));
  Bun.spawn(["sh", "-c", REMOVE_AFTER_EXIT, "cleanup", String(process.pid), outDir], {
    stdin: "ignore",
    stdout: "ignore",
    stderr: "ignore",
  }).unref();
  const binary = join(outDir, "supernode");
  const script = scripts.build.replace("dist/supernode", binary).replace(/^bun /, `"${process.execPath}" `);
  const result = Bun.spawnSync(["sh", "-c", script], { cwd: APP_DIR, stdout: "pipe", stderr: "pipe" });
  if (result.exitCode !== 0 || !existsSync(binary))
    throw new Error(`building the supernode failed (exit ${result.exitCode}): ${result.stderr.toString()}`);
  return binary;
}

/** The path of a runnable supernode binary. */
export function supernodeBinary(): Promise<string> {
  const given = process.env.SUPERNODE_BINARY;
  if (given) {
    if (!existsSync(given)) return Promise.reject(new Error(`SUPERNODE_BINARY=${given} does not exist`));
    return Promise.resolve(given);
  }
  built ??= Promise.resolve().then(build);
  return built;
}
