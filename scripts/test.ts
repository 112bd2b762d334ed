#!/usr/bin/env bun
// `npm test`: lint (biome) + typecheck + dependency direction + every workspace's tests (turbo),
// protocol's tests again under Deno. Ends with one line `N passed, M failed, K skipped` counting
// every test case (from the JUnit reports) and each check step; exits 1 if anything failed.
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync } from "node:fs";
import { join } from "node:path";
import { addCounts, countJunit, summaryLine, type TestCounts } from "./lib/junit.ts";

const root = join(import.meta.dir, "..");
const bin = (name: string) => join(root, "node_modules", ".bin", name);
const env = { ...process.env, TURBO_TELEMETRY_DISABLED: "1", DO_NOT_TRACK: "1", FORCE_COLOR: "1" };

interface Step {
  name: string;
  command: string[];
}

function run(step: Step): boolean {
  console.log(`\n=== ${step.name}: ${step.command.map((part) => part.replace(root, ".")).join(" ")}`);
  const started = performance.now();
  const result = Bun.spawnSync(step.command, { cwd: root, env, stdio: ["inherit", "inherit", "inherit"] });
  const seconds = ((performance.now() - started) / 1000).toFixed(1);
  const ok = result.exitCode === 0;
  console.log(`=== ${step.name}: ${ok ? "ok" : `FAILED (exit ${result.exitCode})`} in ${seconds}s`);
  return ok;
}

function workspaceDirs(): string[] {
  const dirs = [join(root, "tests"), join(root, "tests", "helpers")];
  for (const group of ["packages", "apps"]) {
    for (const entry of readdirSync(join(root, group))) dirs.push(join(root, group, entry));
  }
  return dirs.filter((dir) => existsSync(join(dir, "package.json")));
}

function testScripts(dir: string): string[] {
  const scripts = JSON.parse(readFileSync(join(dir, "package.json"), "utf8")).scripts ?? {};
  return ["test", "test:deno"].filter((name) => name in scripts);
}

const checks: Step[] = [
  { name: "lint", command: [bin("biome"), "ci", "."] },
  {
    name: "typecheck",
    command: [bin("turbo"), "run", "typecheck", "--continue", "--output-logs=errors-only"],
  },
  { name: "check-deps", command: [process.execPath, join(root, "scripts", "check-deps.ts")] },
];

let totals: TestCounts = { passed: 0, failed: 0, skipped: 0 };
for (const step of checks) {
  totals = addCounts(
    totals,
    run(step) ? { passed: 1, failed: 0, skipped: 0 } : { passed: 0, failed: 1, skipped: 0 },
  );
}

// Fresh report folders, so a stale report can never count.
const withTests = workspaceDirs().filter((dir) => testScripts(dir).length > 0);
for (const dir of withTests) {
  rmSync(join(dir, ".test-results"), { recursive: true, force: true });
  mkdirSync(join(dir, ".test-results"));
}
const testsOk = run({
  name: "tests",
  command: [bin("turbo"), "run", "test", "test:deno", "--continue", "--concurrency=1"],
});

const missing: string[] = [];
for (const dir of withTests) {
  for (const script of testScripts(dir)) {
    const report = join(dir, ".test-results", script === "test" ? "bun.xml" : "deno.xml");
    if (!existsSync(report)) {
      missing.push(`${dir.replace(`${root}/`, "")} (${script})`);
      continue;
    }
    totals = addCounts(totals, countJunit(readFileSync(report, "utf8")));
  }
}
for (const where of missing) console.log(`no test report from ${where}: counted as one failure`);
totals = addCounts(totals, { passed: 0, failed: missing.length, skipped: 0 });
if (!testsOk && totals.failed === 0) {
  console.log("the test run failed without a failing test case in any report: counted as one failure");
  totals = addCounts(totals, { passed: 0, failed: 1, skipped: 0 });
}

console.log(`\n${summaryLine(totals)}`);
process.exit(totals.failed > 0 ? 1 : 0);
