// The Biome rule that keeps protocol edge-ready: no Buffer, process, Bun or require in its source.
import { afterAll, describe, expect, test } from "bun:test";
import { copyFileSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

const projectRoot = join(import.meta.dir, "..", "..");
const biome = join(projectRoot, "node_modules", ".bin", "biome");
const sandbox = mkdtempSync(join(tmpdir(), "biome-rules-"));
copyFileSync(join(projectRoot, "biome.json"), join(sandbox, "biome.json"));
writeFileSync(join(sandbox, ".gitignore"), "node_modules/\n");

afterAll(() => rmSync(sandbox, { recursive: true, force: true }));

function lint(file: string, source: string) {
  const path = join(sandbox, file);
  mkdirSync(join(path, ".."), { recursive: true });
  writeFileSync(path, source);
  // vcs off: the sandbox is no git checkout.
  const result = Bun.spawnSync([biome, "lint", "--vcs-enabled=false", file], {
    cwd: sandbox,
    stdout: "pipe",
    stderr: "pipe",
  });
  return { code: result.exitCode, output: result.stdout.toString() + result.stderr.toString() };
}

describe("biome: protocol source is edge-ready", () => {
  for (const global of ["Buffer", "process", "Bun", "require"]) {
    test(`rejects the global ${global} in packages/protocol/src`, () => {
      const result = lint(
        `packages/protocol/src/uses${global}.ts`,
        `export const value = typeof ${global};\n`,
      );
      expect(result.code).not.toBe(0);
      expect(result.output).toContain(`Do not use the global variable ${global}`);
    });
  }

  test("allows the same code outside protocol", () => {
    const result = lint("packages/l1-source/src/usesBuffer.ts", "export const value = typeof Buffer;\n");
    expect(result.output).not.toContain("Do not use the global variable");
    expect(result.code).toBe(0);
  });

  test("allows Web-standard APIs in protocol", () => {
    const source =
      "export const bytes = new TextEncoder().encode(JSON.stringify({ a: crypto.randomUUID() }));\n";
    expect(lint("packages/protocol/src/webOnly.ts", source).code).toBe(0);
  });
});
