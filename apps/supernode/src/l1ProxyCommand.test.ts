// `supernode l1-proxy` as an operator runs it: a real process in front of a real anvil.
import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { join } from "node:path";
import { type Anvil, startAnvil } from "@supernode/test-helpers/anvil";

let anvil: Anvil;
beforeAll(async () => {
  anvil = await startAnvil();
});
afterAll(async () => {
  await anvil.stop();
});

describe("supernode l1-proxy", () => {
  test("serves JSON-RPC from the upstream, then stops on SIGTERM", async () => {
    const child = Bun.spawn(
      [process.execPath, join(import.meta.dir, "main.ts"), "l1-proxy", "--l1", anvil.url, "--port", "0"],
      {
        stdout: "pipe",
        stderr: "pipe",
      },
    );
    try {
      const reader = child.stdout.getReader();
      const { value } = await reader.read();
      const line = new TextDecoder().decode(value);
      const url = line.match(/listening on (http:\/\/[^ ]+)/)?.[1];
      expect(url).toBeDefined();
      const response = await fetch(url as string, {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify({ jsonrpc: "2.0", id: 1, method: "eth_chainId", params: [] }),
      });
      expect(((await response.json()) as { result: string }).result).toBe("0x7a69");
      child.kill("SIGTERM");
      expect(await child.exited).toBe(0);
    } finally {
      child.kill();
    }
  });

  test("a missing --l1 is a usage error", () => {
    const result = Bun.spawnSync([process.execPath, join(import.meta.dir, "main.ts"), "l1-proxy"], {
      stderr: "pipe",
    });
    expect(result.exitCode).toBe(2);
    expect(result.stderr.toString()).toContain("--l1 is required");
  });
});
