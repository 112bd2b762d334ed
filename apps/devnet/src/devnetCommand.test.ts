// `bun run devnet` as a user runs it: a real process that prints its endpoints, and stops every
// child on SIGTERM or when its block count is reached, leaving nothing listening.
import { describe, expect, test } from "bun:test";
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { DevnetEndpoints } from "./devnet.ts";

const cli = join(import.meta.dir, "cli.ts");

async function firstLine(stream: ReadableStream<Uint8Array>): Promise<string> {
  const reader = stream.getReader();
  let text = "";
  while (!text.includes("\n")) {
    const { value, done } = await reader.read();
    if (done) break;
    text += new TextDecoder().decode(value);
  }
  reader.releaseLock();
  return text.split("\n")[0] as string;
}

async function refused(url: string): Promise<boolean> {
  try {
    await fetch(url, { method: "POST", body: "{}", signal: AbortSignal.timeout(2000) });
    return false;
  } catch {
    return true;
  }
}

async function everythingStopped(endpoints: DevnetEndpoints): Promise<boolean> {
  const urls = [endpoints.l1.rpc, ...endpoints.chains.map((c) => c.engine)];
  return (await Promise.all(urls.map(refused))).every(Boolean);
}

describe("bun run devnet", () => {
  test("prints the endpoints and files, and SIGTERM stops every child", async () => {
    const dataDir = mkdtempSync(join(tmpdir(), "devnet-cli-"));
    const child = Bun.spawn([process.execPath, cli, "--data-dir", dataDir, "--no-traffic"], {
      stdout: "pipe",
      stderr: "ignore",
    });
    const line = await firstLine(child.stdout);
    const { devnet } = JSON.parse(line) as { devnet: DevnetEndpoints };
    expect(devnet.chains.map((c) => [c.chainId, c.blockTime])).toEqual([
      [901, 1],
      [902, 2],
    ]);
    for (const file of [
      devnet.l1.chainConfig,
      devnet.dependencySet,
      ...devnet.chains.flatMap((c) => [c.jwtSecret, c.rollupConfig, c.genesis]),
    ])
      expect(await Bun.file(file).exists()).toBe(true);
    const rollup = (await Bun.file(devnet.chains[0]?.rollupConfig as string).json()) as {
      genesis: { l2: { hash: string } };
    };
    expect(rollup.genesis.l2.hash).toBe(devnet.chains[0]?.genesisHash as string);
    expect(await refused(devnet.l1.rpc)).toBe(false);
    child.kill("SIGTERM");
    expect(await child.exited).toBe(0);
    expect(await everythingStopped(devnet)).toBe(true);
  }, 60_000);

  test("--clock fast --blocks 10 exits 0 on its own; bad options exit 2", async () => {
    const child = Bun.spawn([process.execPath, cli, "--clock", "fast", "--blocks", "10", "--chains", "3"], {
      stdout: "pipe",
      stderr: "ignore",
    });
    const { devnet } = JSON.parse(await firstLine(child.stdout)) as { devnet: DevnetEndpoints };
    expect(devnet.chains.map((c) => c.chainId)).toEqual([901, 902, 903]);
    expect(await child.exited).toBe(0);
    expect(await everythingStopped(devnet)).toBe(true);
    const bad = Bun.spawnSync([process.execPath, cli, "--clock", "slow"], { stderr: "pipe" });
    expect(bad.exitCode).toBe(2);
    expect(bad.stderr.toString()).toContain("--clock must be one of real, fast");
  }, 60_000);
});
