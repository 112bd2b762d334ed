// The one way tests read ../shared/fixtures (real chain data and spec vectors).
// The folder sits beside the project, never inside it; SUPERNODE_FIXTURES_DIR overrides the path.
// Absent folder: the vector tests are reported in one line and do not run, except under CI=true,
// where a missing folder is a failure (CI must never pass by silently testing less).
import { existsSync, readFileSync } from "node:fs";
import { dirname, isAbsolute, join, resolve } from "node:path";
import process from "node:process";
import { fileURLToPath } from "node:url";
import { describe, skip, test } from "./harness.ts";

const projectRoot = resolve(dirname(fileURLToPath(import.meta.url)), "..", "..");

function env(name: string): string | undefined {
  const value = process.env[name];
  return value === undefined || value === "" ? undefined : value;
}

export function fixturesDir(): string {
  const override = env("SUPERNODE_FIXTURES_DIR");
  if (override) return isAbsolute(override) ? override : resolve(projectRoot, override);
  return join(projectRoot, "..", "shared", "fixtures");
}

export interface Fixtures {
  readonly dir: string;
  path(relative: string): string;
  bytes(relative: string): Uint8Array;
  text(relative: string): string;
  json<T = unknown>(relative: string): T;
}

function open(dir: string): Fixtures {
  const path = (relative: string) => join(dir, relative);
  return {
    dir,
    path,
    bytes: (relative) => new Uint8Array(readFileSync(path(relative))),
    text: (relative) => readFileSync(path(relative), "utf8"),
    json: <T>(relative: string) => JSON.parse(readFileSync(path(relative), "utf8")) as T,
  };
}

/** The fixtures, or null when the folder is absent. */
export function loadFixtures(): Fixtures | null {
  const dir = fixturesDir();
  return existsSync(dir) ? open(dir) : null;
}

/**
 * A describe block that needs the fixtures folder. With the folder, `body` registers its tests.
 * Without it, one skipped entry is reported (or, with CI=true, one failing test).
 */
export function describeWithFixtures(name: string, body: (fixtures: Fixtures) => void): void {
  const fixtures = loadFixtures();
  if (fixtures) {
    describe(name, () => body(fixtures));
    return;
  }
  const reason = `fixtures folder not found at ${fixturesDir()} (set SUPERNODE_FIXTURES_DIR)`;
  if (env("CI") === "true") {
    test(`${name}: needs fixtures`, () => {
      throw new Error(`${reason}; CI=true requires it`);
    });
    return;
  }
  console.log(`skipped ${name}: ${reason}`);
  skip(`${name}: needs fixtures`);
}
