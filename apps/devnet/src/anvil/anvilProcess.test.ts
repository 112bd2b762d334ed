// The devnet's anvil stops with its owner: on stop(), and when the owner is SIGKILLed.
import { describe, expect, test } from "bun:test";
import { startAnvilProcess } from "./anvilProcess.ts";

async function listening(url: string): Promise<boolean> {
  try {
    const response = await fetch(url, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ jsonrpc: "2.0", id: 1, method: "eth_chainId", params: [] }),
    });
    return response.ok;
  } catch {
    return false;
  }
}

describe("devnet anvil process", () => {
  test("starts on 127.0.0.1 with the given arguments and stops on stop()", async () => {
    const anvil = await startAnvilProcess(["--chain-id", "901", "--network", "optimism"]);
    expect(anvil.url).toStartWith("http://127.0.0.1:");
    expect(await anvil.rpc("eth_chainId")).toBe("0x385");
    await anvil.stop();
    expect(await listening(anvil.url)).toBe(false);
  });

  test("an owner killed with SIGKILL leaves no anvil behind", async () => {
    const owner = Bun.spawn(
      [
        process.execPath,
        "-e",
        `const { startAnvilProcess } = await import(${JSON.stringify(`${import.meta.dir}/anvilProcess.ts`)});
         const anvil = await startAnvilProcess([]);
         console.log(anvil.url);
         await new Promise(() => {});`,
      ],
      { stdout: "pipe", stderr: "inherit" },
    );
    const reader = owner.stdout.getReader();
    const { value } = await reader.read();
    const url = new TextDecoder().decode(value).trim();
    expect(await listening(url)).toBe(true);
    owner.kill("SIGKILL");
    await owner.exited;
    // The watchdog checks its owner every half second: generous bound for a loaded machine.
    let alive = true;
    for (let i = 0; i < 50 && alive; i++) {
      await Bun.sleep(100);
      alive = await listening(url);
    }
    expect(alive).toBe(false);
  }, 30_000);
});
