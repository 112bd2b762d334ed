// Starts a real anvil (npm @foundry-rs/anvil, installed by the project's own install) on
// 127.0.0.1 and a free port, for tests. It stops with stop(), when the test process exits, and
// when the test process is killed.
import { existsSync } from "node:fs";
import { createRequire } from "node:module";
import { dirname, join } from "node:path";
import process from "node:process";

export interface Anvil {
  readonly url: string;
  readonly port: number;
  /** Sends one JSON-RPC request and returns its result (throws on a JSON-RPC error). */
  rpc<T = unknown>(method: string, params?: unknown[]): Promise<T>;
  stop(): Promise<void>;
}

const require = createRequire(import.meta.url);

export function anvilBinary(): string {
  const arch = process.arch === "x64" ? "amd64" : process.arch;
  const pkg = require.resolve(`@foundry-rs/anvil-${process.platform}-${arch}/package.json`);
  const binary = join(dirname(pkg), "bin", process.platform === "win32" ? "anvil.exe" : "anvil");
  if (!existsSync(binary)) throw new Error(`anvil binary not found at ${binary}`);
  return binary;
}

async function freePort(): Promise<number> {
  const server = Bun.listen({ hostname: "127.0.0.1", port: 0, socket: { data() {} } });
  const port = server.port;
  server.stop(true);
  return port;
}

// anvil runs under a small shell that kills it when the test process is gone, even when that
// process was SIGKILLed (a test runner's timeout) and its exit handler never ran.
const OWNER_WATCH = `"$0" "$@" & anvil=$!
trap 'kill $anvil 2>/dev/null; wait $anvil; exit 0' TERM INT
while kill -0 "$TEST_OWNER_PID" 2>/dev/null && kill -0 $anvil 2>/dev/null; do sleep 0.5; done
kill $anvil 2>/dev/null; wait $anvil`;

const running = new Set<{ kill(): void }>();
process.on("exit", () => {
  for (const child of running) child.kill();
});

export async function startAnvil(args: string[] = []): Promise<Anvil> {
  for (let attempt = 0; attempt < 5; attempt++) {
    const port = await freePort();
    const child = Bun.spawn(
      [
        "sh",
        "-c",
        OWNER_WATCH,
        anvilBinary(),
        "--host",
        "127.0.0.1",
        "--port",
        String(port),
        "--silent",
        ...args,
      ],
      {
        env: { ...process.env, TEST_OWNER_PID: String(process.pid) },
        stdout: "ignore",
        stderr: "pipe",
      },
    );
    running.add(child);
    const url = `http://127.0.0.1:${port}`;
    let id = 0;
    const rpc = async <T>(method: string, params: unknown[] = []): Promise<T> => {
      const response = await fetch(url, {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify({ jsonrpc: "2.0", id: ++id, method, params }),
      });
      const body = (await response.json()) as { result?: T; error?: { message: string } };
      if (body.error) throw new Error(`${method}: ${body.error.message}`);
      return body.result as T;
    };
    const stop = async () => {
      child.kill();
      await child.exited;
      running.delete(child);
    };
    for (let i = 0; i < 100; i++) {
      if (child.exitCode !== null) break;
      try {
        await rpc("eth_chainId");
        return { url, port, rpc, stop };
      } catch {
        await Bun.sleep(50);
      }
    }
    await stop();
  }
  throw new Error("anvil did not start");
}
