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

  test("the binary runs the supernode: heartbeat_check answers, SIGTERM stops it within 10 s", async () => {
    const jwt = join(outDir, "jwt.txt");
    await Bun.write(jwt, `0x${"ab".repeat(32)}`);
    // Nothing listens on the engine or L1 ports: the chain keeps restarting, the root still serves.
    const child = Bun.spawn(
      [
        binary,
        "--chains=11155420",
        "--l1=http://127.0.0.1:9",
        "--l1.beacon=http://127.0.0.1:9",
        "--rpc.port=0",
        `--data-dir=${join(outDir, "data")}`,
        "--vn.11155420.l2=http://127.0.0.1:9",
        `--vn.11155420.l2.jwt-secret=${jwt}`,
        "--vn.11155420.network=op-sepolia",
      ],
      { cwd: outDir, stdout: "pipe", stderr: "ignore" },
    );
    try {
      const reader = child.stdout.getReader();
      let text = "";
      while (!text.includes("\n")) {
        const { value, done } = await reader.read();
        if (done) break;
        text += new TextDecoder().decode(value);
      }
      const { ready } = JSON.parse(text.split("\n")[0] as string) as {
        ready: { rpc: string; chains: string[] };
      };
      expect(ready.chains).toEqual(["11155420"]);
      const answer = (await (
        await fetch(ready.rpc, {
          method: "POST",
          headers: { "content-type": "application/json" },
          body: JSON.stringify({ jsonrpc: "2.0", id: 1, method: "heartbeat_check", params: [] }),
        })
      ).json()) as { result: string };
      expect(answer.result).toMatch(/^0x[0-9a-f]{8}$/);
      const started = Date.now();
      child.kill("SIGTERM");
      expect(await child.exited).toBe(0);
      expect(Date.now() - started).toBeLessThan(10_000);
    } finally {
      child.kill("SIGKILL");
    }
  }, 30_000);
});
