#!/usr/bin/env node
// Entry point of the README's two commands (`npm start`, `npm test`).
// Runs under plain Node so that a machine with only Node and npm can run the project:
// it finds the pinned Bun (or installs it from the npm registry into .tools/), installs the
// workspace with the frozen lockfile, then hands over to the Bun script for the command.
import { spawn, spawnSync } from "node:child_process";
import { existsSync, mkdirSync, readFileSync, rmSync, symlinkSync } from "node:fs";
import { delimiter, dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

const root = join(dirname(fileURLToPath(import.meta.url)), "..");
const pkg = JSON.parse(readFileSync(join(root, "package.json"), "utf8"));
const pinned = String(pkg.packageManager).replace(/^bun@/, "");

const commands = {
  start: ["apps/devnet/src/launch/main.ts"],
  test: ["scripts/test.ts"],
};

function log(message) {
  process.stderr.write(`[bootstrap] ${message}\n`);
}

function versionOf(bin) {
  const out = spawnSync(bin, ["--version"], { encoding: "utf8" });
  return out.status === 0 ? out.stdout.trim() : null;
}

function localBunCandidates() {
  const modules = join(root, ".tools", "bun", "node_modules");
  const arch = process.arch === "arm64" ? "aarch64" : "x64";
  return [
    join(modules, "bun", "bin", "bun.exe"),
    join(modules, "@oven", `bun-${process.platform}-${arch}`, "bin", "bun"),
    join(modules, "@oven", `bun-${process.platform}-${arch}-musl`, "bin", "bun"),
  ];
}

function findBun() {
  if (versionOf("bun") === pinned) return "bun";
  for (const candidate of localBunCandidates()) {
    if (existsSync(candidate) && versionOf(candidate) === pinned) return candidate;
  }
  return null;
}

function installBun() {
  log(`installing bun@${pinned} from the npm registry into .tools/bun`);
  const npm = process.platform === "win32" ? "npm.cmd" : "npm";
  const result = spawnSync(
    npm,
    [
      "install",
      "--no-save",
      "--no-package-lock",
      "--no-audit",
      "--no-fund",
      "--prefix",
      join(root, ".tools", "bun"),
      `bun@${pinned}`,
    ],
    { stdio: ["ignore", "inherit", "inherit"], cwd: root },
  );
  if (result.status !== 0) throw new Error(`npm install bun@${pinned} failed`);
}

/**
 * Child processes (turbo runs `bun run <script>`) must find the pinned Bun as `bun` on PATH:
 * link it as .tools/bin/bun and put that folder first.
 */
function exposeOnPath(bun) {
  if (bun === "bun") return process.env;
  const binDir = join(root, ".tools", "bin");
  mkdirSync(binDir, { recursive: true });
  const link = join(binDir, process.platform === "win32" ? "bun.exe" : "bun");
  rmSync(link, { force: true });
  symlinkSync(bun, link);
  return { ...process.env, PATH: `${binDir}${delimiter}${process.env.PATH ?? ""}` };
}

function run(bin, args, env) {
  const result = spawnSync(bin, args, { stdio: "inherit", cwd: root, env });
  if (result.error) throw result.error;
  return result.status ?? (result.signal ? 128 : 1);
}

/**
 * The command itself, asynchronously so this process stays responsive: SIGINT and SIGTERM are
 * passed on to the command (which stops its own children) and this process waits for it, so
 * nothing outlives `npm start` or `npm test` and the exit code is the command's.
 */
function runForwardingSignals(bin, args, env) {
  return new Promise((resolve, reject) => {
    const child = spawn(bin, args, { stdio: "inherit", cwd: root, env });
    const forward = (signal) => () => child.kill(signal);
    const handlers = { SIGINT: forward("SIGINT"), SIGTERM: forward("SIGTERM") };
    for (const [signal, handler] of Object.entries(handlers)) process.on(signal, handler);
    child.on("error", reject);
    child.on("exit", (code, signal) => {
      for (const [name, handler] of Object.entries(handlers)) process.off(name, handler);
      resolve(code ?? (signal ? 128 : 1));
    });
  });
}

async function main() {
  const [command, ...rest] = process.argv.slice(2);
  const script = commands[command];
  if (!script) {
    log(`unknown command ${command}; expected one of ${Object.keys(commands).join(", ")}`);
    return 2;
  }
  let bun = findBun();
  if (!bun) {
    installBun();
    bun = findBun();
    if (!bun) throw new Error(`bun@${pinned} is still not runnable after installing it`);
  }
  const env = exposeOnPath(bun);
  const installStatus = run(bun, ["install", "--frozen-lockfile"], env);
  if (installStatus !== 0) {
    log("bun install --frozen-lockfile failed");
    return installStatus;
  }
  const args = [...script, ...rest];
  return runForwardingSignals(bun, args, env);
}

try {
  process.exitCode = await main();
} catch (error) {
  log(error instanceof Error ? error.message : String(error));
  process.exitCode = 1;
}
