// `devnet engine` as a real process: ready in seconds, answers over JWT, stops on SIGTERM, and its
// anvil dies with it even when it is SIGKILLed. Bad arguments: exit 2 with the reason.
import { describe, expect, test } from "bun:test";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { parseJwtSecret, signJwt } from "@supernode/protocol";

const cli = join(import.meta.dir, "..", "cli.ts");
const dir = mkdtempSync(join(tmpdir(), "devnet-engine-cli-"));
const secretFile = join(dir, "jwt.hex");
writeFileSync(secretFile, `0x${"cd".repeat(32)}\n`);
const secret = parseJwtSecret(`0x${"cd".repeat(32)}`);

interface Ready {
  engine: string;
  anvil: string;
  genesis: { hash: string; timestamp: number };
}

async function start(): Promise<{ process: Bun.Subprocess<"ignore", "pipe", "pipe">; ready: Ready }> {
  const child = Bun.spawn(
    [
      process.execPath,
      cli,
      "engine",
      "--chain-id",
      "901",
      "--jwt-secret",
      secretFile,
      "--genesis-time",
      "1700000000",
      "--data-dir",
      join(dir, String(Math.random())),
    ],
    { stdout: "pipe", stderr: "pipe" },
  );
  const reader = child.stdout.getReader();
  let text = "";
  while (!text.includes("\n")) {
    const { value, done } = await reader.read();
    if (done) throw new Error(`devnet engine exited: ${await new Response(child.stderr).text()}`);
    text += new TextDecoder().decode(value);
  }
  reader.releaseLock();
  return { process: child, ready: (JSON.parse(text.split("\n")[0]!) as { ready: Ready }).ready };
}

async function listening(url: string): Promise<boolean> {
  return fetch(url, { method: "POST", body: "{}" }).then(
    () => true,
    () => false,
  );
}

async function chainId(url: string): Promise<string> {
  const response = await fetch(url, {
    method: "POST",
    headers: {
      "content-type": "application/json",
      authorization: `Bearer ${signJwt(secret, Date.now() / 1000)}`,
    },
    body: JSON.stringify({ jsonrpc: "2.0", id: 1, method: "eth_chainId", params: [] }),
  });
  return ((await response.json()) as { result: string }).result;
}

describe("devnet engine command", () => {
  test("ready with the genesis it runs; SIGTERM stops it and its anvil", async () => {
    const { process: child, ready } = await start();
    expect(await chainId(ready.engine)).toBe("0x385");
    expect(ready.genesis.timestamp).toBe(1_700_000_000);
    expect(ready.genesis.hash).toMatch(/^0x[0-9a-f]{64}$/);
    child.kill("SIGTERM");
    expect(await child.exited).toBe(0);
    expect(await listening(ready.anvil)).toBe(false);
  }, 30_000);

  test("SIGKILLed: its anvil does not outlive it", async () => {
    const { process: child, ready } = await start();
    expect(await listening(ready.anvil)).toBe(true);
    child.kill("SIGKILL");
    await child.exited;
    let alive = true;
    for (let i = 0; i < 50 && alive; i++) {
      await Bun.sleep(100);
      alive = await listening(ready.anvil);
    }
    expect(alive).toBe(false);
  }, 30_000);

  test("bad arguments: exit 2 and the reason", async () => {
    for (const [args, reason] of [
      [["engine", "--jwt-secret", secretFile], "--chain-id is required"],
      [
        ["engine", "--chain-id", "x", "--jwt-secret", secretFile],
        "--chain-id must be a non-negative integer",
      ],
      [["engine", "--chain-id", "901", "--jwt-secret", join(dir, "missing")], "cannot read --jwt-secret"],
      [["engine", "--chain-id", "901", "--bogus"], "Unknown option '--bogus'"],
    ] as const) {
      const child = Bun.spawn([process.execPath, cli, ...args], { stdout: "ignore", stderr: "pipe" });
      expect(await child.exited).toBe(2);
      expect(await new Response(child.stderr).text()).toContain(reason);
    }
  }, 30_000);
});
