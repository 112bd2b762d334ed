import { describe, expect, test } from "bun:test";
import { join } from "node:path";
import packageJson from "../package.json" with { type: "json" };
import { helpText, runCli } from "./cli.ts";

const main = join(import.meta.dir, "main.ts");

function runBinary(args: string[]) {
  const result = Bun.spawnSync([process.execPath, main, ...args], { stdout: "pipe", stderr: "pipe" });
  return { code: result.exitCode, stdout: result.stdout.toString(), stderr: result.stderr.toString() };
}

async function capture(argv: string[]) {
  let out = "";
  let err = "";
  const code = await runCli(argv, { out: (t) => (out += t), err: (t) => (err += t) });
  return { code, out, err };
}

describe("supernode CLI", () => {
  test("--help prints usage with the version and exits 0", () => {
    const result = runBinary(["--help"]);
    expect(result.code).toBe(0);
    expect(result.stdout).toContain("Usage:");
    expect(result.stdout).toContain(`supernode ${packageJson.version}`);
  });

  test("--version prints the package version and the Bun version", () => {
    const result = runBinary(["--version"]);
    expect(result.code).toBe(0);
    expect(result.stdout.trim()).toBe(`supernode ${packageJson.version} (bun ${Bun.version})`);
  });

  test("no arguments shows help", async () => {
    expect(await capture([])).toEqual({ code: 0, out: helpText(), err: "" });
  });

  test("flags alone run the supernode (op-supernode's form): an unknown flag or a missing one exits 2 naming it", () => {
    const unknown = runBinary(["--no-such-flag=1"]);
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toContain("no-such-flag");
    expect(unknown.stdout).toBe("");
    const missing = runBinary(["--chains=901"]);
    expect(missing.code).toBe(2);
    expect(missing.stderr).toContain("--l1 is required");
  });

  test("an unknown command exits 2; help lists only commands that exist", async () => {
    const result = await capture(["start"]);
    expect(result.code).toBe(2);
    expect(result.err).toContain("unknown command start");
    expect(helpText()).toMatch(/^\s+inspect tx /m);
    expect(helpText()).toMatch(/^\s+inspect blobs /m);
    expect(helpText()).toMatch(/^\s+node /m);
    expect(helpText()).toMatch(/^\s+run /m);
    expect(helpText()).not.toMatch(/^\s+(start|devnet)\b/m);
  });
});
