// A private anvil for the devnet: started on 127.0.0.1 and a free port, stopped with its owner.
// It runs under a watchdog (../process/ownedProcess.ts): stopped when stop() asks and, if the
// owner dies without asking (even by SIGKILL), within half a second.
import { existsSync } from "node:fs";
import { createRequire } from "node:module";
import { dirname, join } from "node:path";
import { spawnOwned } from "../process/ownedProcess.ts";

export interface AnvilProcess {
  readonly url: string;
  readonly port: number;
  rpc<T = unknown>(method: string, params?: unknown[]): Promise<T>;
  stop(): Promise<void>;
}

const require = createRequire(import.meta.url);

export function anvilBinary(): string {
  const arch = process.arch === "x64" ? "amd64" : process.arch;
  const pkg = require.resolve(`@foundry-rs/anvil-${process.platform}-${arch}/package.json`);
  const binary = join(dirname(pkg), "bin", "anvil");
  if (!existsSync(binary)) throw new Error(`anvil binary not found at ${binary}`);
  return binary;
}

async function freePort(): Promise<number> {
  const server = Bun.listen({ hostname: "127.0.0.1", port: 0, socket: { data() {} } });
  const port = server.port;
  server.stop(true);
  return port;
}

export async function startAnvilProcess(args: readonly string[]): Promise<AnvilProcess> {
  let lastError = "";
  for (let attempt = 0; attempt < 5; attempt++) {
    const port = await freePort();
    const child = spawnOwned([anvilBinary(), "--host", "127.0.0.1", "--port", String(port), ...args]);
    const url = `http://127.0.0.1:${port}`;
    let id = 0;
    const rpc = async <T>(method: string, params: unknown[] = []): Promise<T> => {
      const response = await fetch(url, {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify({ jsonrpc: "2.0", id: ++id, method, params }),
      });
      const body = (await response.json()) as { result?: T; error?: { message: string } };
      if (body.error) throw new Error(`anvil ${method}: ${body.error.message}`);
      return body.result as T;
    };
    const stop = async () => {
      child.kill("SIGTERM");
      await child.exited;
    };
    for (let i = 0; i < 200 && child.exitCode === null; i++) {
      try {
        await rpc("eth_chainId");
        return { url, port, rpc, stop };
      } catch (error) {
        lastError = error instanceof Error ? error.message : String(error);
        await Bun.sleep(25);
      }
    }
    await stop();
  }
  throw new Error(`anvil did not start: ${lastError}`);
}
