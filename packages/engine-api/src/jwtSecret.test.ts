// The JWT secret file: op-node's format accepted, anything else a ConfigError naming the path.
import { describe, expect, test } from "bun:test";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { ConfigError } from "@supernode/protocol";
import { readJwtSecretFile } from "./jwtSecret.ts";

const dir = mkdtempSync(join(tmpdir(), "engine-api-jwt-"));
const file = (name: string, text: string) => {
  const path = join(dir, name);
  writeFileSync(path, text);
  return path;
};

describe("readJwtSecretFile", () => {
  test("32 bytes of hex, with or without 0x and a trailing newline", () => {
    expect(readJwtSecretFile(file("a", `0x${"ab".repeat(32)}\n`))).toEqual(new Uint8Array(32).fill(0xab));
    expect(readJwtSecretFile(file("b", "cd".repeat(32)))).toEqual(new Uint8Array(32).fill(0xcd));
  });

  test("a missing file or a malformed secret: a ConfigError that names the path", () => {
    const missing = join(dir, "missing");
    expect(() => readJwtSecretFile(missing, "vn.all.l2.jwt-secret")).toThrow(ConfigError);
    expect(() => readJwtSecretFile(missing)).toThrow(
      `cannot read the JWT secret file ${missing}: no such file`,
    );
    for (const text of ["", "ab".repeat(31), `0x${"zz".repeat(32)}`, "ab".repeat(33)]) {
      const path = file(`bad-${text.length}-${text.slice(0, 4)}`, text);
      expect(() => readJwtSecretFile(path)).toThrow(`the JWT secret file ${path} must hold 32 bytes of hex`);
    }
  });
});
