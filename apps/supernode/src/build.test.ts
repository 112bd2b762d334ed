// The one-file binary: `bun run build` compiles it, and it runs on its own (the brotli
// WebAssembly module travels inside it).
import { afterAll, describe, expect, test } from "bun:test";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import {
  bytesToHex,
  compressChannel,
  encodeBatchData,
  loadBrotli,
  rlpEncodeString,
} from "@supernode/protocol";
import packageJson from "../package.json" with { type: "json" };

await loadBrotli();

const appDir = join(import.meta.dir, "..");
const outDir = mkdtempSync(join(tmpdir(), "supernode-build-"));
const binary = join(outDir, "supernode");

afterAll(() => rmSync(outDir, { recursive: true, force: true }));

describe("bun build --compile", () => {
  test("builds a binary that runs from any directory", () => {
    const script = packageJson.scripts.build.replace("dist/supernode", binary);
    const build = Bun.spawnSync(["sh", "-c", script.replace(/^bun /, `"${process.execPath}" `)], {
      cwd: appDir,
      stdout: "pipe",
      stderr: "pipe",
    });
    expect(build.exitCode).toBe(0);

    const version = Bun.spawnSync([binary, "--version"], { cwd: outDir, stdout: "pipe" });
    expect(version.stdout.toString()).toContain(`supernode ${packageJson.version}`);

    const rlp = rlpEncodeString(
      encodeBatchData({
        type: "singular",
        batch: {
          parentHash: `0x${"11".repeat(32)}`,
          epochNum: 5,
          epochHash: `0x${"22".repeat(32)}`,
          timestamp: 99,
          transactions: [],
        },
      }),
    );
    const inspect = Bun.spawnSync(
      [binary, "inspect", "channel", bytesToHex(compressChannel(rlp, "brotli"))],
      {
        cwd: outDir,
        stdout: "pipe",
        stderr: "pipe",
      },
    );
    expect(inspect.stderr.toString()).toBe("");
    expect(JSON.parse(inspect.stdout.toString()).channels[0].batches[0].blocks[0].timestamp).toBe(99);
  }, 60_000);
});
