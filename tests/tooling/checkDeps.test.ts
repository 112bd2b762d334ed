// check-deps on a temp copy of the real tree: it passes as is, and fails on each planted import.
import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { cpSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { checkDeps } from "../../scripts/check-deps.ts";

const projectRoot = join(import.meta.dir, "..", "..");
const script = join(projectRoot, "scripts", "check-deps.ts");
let copy: string;

function freshCopy(): string {
  const dir = mkdtempSync(join(tmpdir(), "check-deps-"));
  const skip = (path: string) => !/[/\\](node_modules|\.turbo|\.test-results|dist)([/\\]|$)/.test(path);
  for (const entry of ["package.json", "packages", "apps", "tests"]) {
    cpSync(join(projectRoot, entry), join(dir, entry), { recursive: true, filter: skip });
  }
  return dir;
}

function plant(root: string, file: string, source: string): void {
  const path = join(root, file);
  mkdirSync(dirname(path), { recursive: true });
  writeFileSync(path, source);
}

function runScript(root: string) {
  const result = Bun.spawnSync([process.execPath, script, "--root", root], {
    stdout: "pipe",
    stderr: "pipe",
  });
  return { code: result.exitCode, stderr: result.stderr.toString() };
}

beforeAll(() => {
  copy = freshCopy();
});

afterAll(() => {
  rmSync(copy, { recursive: true, force: true });
});

describe("scripts/check-deps.ts", () => {
  test("the project's own tree passes", () => {
    expect(checkDeps(copy)).toEqual([]);
    expect(runScript(copy).code).toBe(0);
  });

  const planted: [string, string, string, RegExp][] = [
    [
      "a package importing a sibling",
      "packages/derivation/src/planted.ts",
      'import { x } from "@supernode/l1-source";\n',
      /packages may import only @supernode\/protocol/,
    ],
    [
      "a package importing a sibling by relative path",
      "packages/derivation/src/planted.ts",
      'export { x } from "../../engine-api/src/index.ts";\n',
      /reaches outside its workspace/,
    ],
    [
      "a package importing an app",
      "packages/interop/src/planted.ts",
      'import type { Cli } from "@supernode/supernode";\n',
      /must not import an app/,
    ],
    [
      "protocol importing node:*",
      "packages/protocol/src/planted.ts",
      'import { readFileSync } from "node:fs";\n',
      /no node:\* imports/,
    ],
    [
      "protocol importing bun:*",
      "packages/protocol/src/planted.ts",
      'import { Database } from "bun:sqlite";\n',
      /no bun:\* imports/,
    ],
    [
      "protocol importing another workspace",
      "packages/protocol/src/planted.ts",
      'const m = await import("@supernode/p2p");\n',
      /ground floor/,
    ],
    [
      "product code importing test helpers",
      "packages/protocol/src/planted.ts",
      'import {\n  loadFixtures,\n} from "@supernode/test-helpers/fixtures";\n',
      /must not import test helpers/,
    ],
    [
      "an undeclared dependency",
      "apps/supernode/src/planted.ts",
      'import { z } from "zod";\n',
      /zod is not declared/,
    ],
  ];

  for (const [name, file, source, message] of planted) {
    test(`fails on ${name}`, () => {
      const root = freshCopy();
      try {
        plant(root, file, `// planted by checkDeps.test.ts\n${source}`);
        const violations = checkDeps(root);
        expect(violations).toHaveLength(1);
        expect(violations[0]?.file).toBe(file);
        expect(violations[0]?.line).toBe(source.split("\n").length);
        expect(violations[0]?.message).toMatch(message);
        const result = runScript(root);
        expect(result.code).toBe(1);
        expect(result.stderr).toContain(file);
      } finally {
        rmSync(root, { recursive: true, force: true });
      }
    });
  }

  test("protocol's tests may use node:* (they run under Bun and Deno)", () => {
    plant(copy, "packages/protocol/src/planted.test.ts", 'import assert from "node:assert/strict";\n');
    expect(checkDeps(copy)).toEqual([]);
  });
});
