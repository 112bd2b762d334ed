// `supernode l1-proxy`: the L1 source alone, as a caching proxy several supernodes on one host
// can share (one upstream L1 and beacon node).
import { parseArgs } from "node:util";
import { RpcClient, startL1Proxy } from "@supernode/l1-source";
import type { CliIo } from "./cli.ts";

export const l1ProxyHelp = `Usage:
  supernode l1-proxy --l1 <url> [--l1.beacon <url>] [--port <port>] [--host <addr>]

Serves the L1 JSON-RPC methods and the beacon blob endpoints from shared caches.

Options:
  --l1 <url>              upstream L1 JSON-RPC (required)
  --l1.beacon <url>       upstream beacon node
  --port <port>           listen port (default 8565; 0 picks a free one)
  --host <addr>           listen address (default 127.0.0.1)
  --l1.rate-limit <rps>   upstream requests per second (default: no limit)
`;

function usage(io: CliIo, message: string): number {
  io.err(`supernode l1-proxy: ${message}\nRun supernode l1-proxy --help for usage.\n`);
  return 2;
}

/** Runs until SIGINT or SIGTERM (or until `stop` resolves, for tests). */
export async function runL1Proxy(argv: readonly string[], io: CliIo, stop?: Promise<void>): Promise<number> {
  let values: Record<string, string | boolean | undefined>;
  try {
    values = parseArgs({
      args: [...argv],
      strict: true,
      options: {
        help: { type: "boolean", short: "h" },
        l1: { type: "string" },
        "l1.beacon": { type: "string" },
        port: { type: "string" },
        host: { type: "string" },
        "l1.rate-limit": { type: "string" },
      },
    }).values;
  } catch (error) {
    return usage(io, error instanceof Error ? error.message : String(error));
  }
  if (values.help) {
    io.out(l1ProxyHelp);
    return 0;
  }
  const l1 = values.l1;
  if (typeof l1 !== "string") return usage(io, "--l1 is required");
  const port = Number(values.port ?? 8565);
  if (!Number.isInteger(port) || port < 0 || port > 65535)
    return usage(io, `--port must be a port number (got ${values.port})`);
  const rate = values["l1.rate-limit"] === undefined ? undefined : Number(values["l1.rate-limit"]);
  if (rate !== undefined && !(rate > 0))
    return usage(io, `--l1.rate-limit must be a positive number (got ${values["l1.rate-limit"]})`);
  const beacon = values["l1.beacon"];
  let proxy: Awaited<ReturnType<typeof startL1Proxy>>;
  try {
    proxy = startL1Proxy({
      rpc: new RpcClient(rate === undefined ? { url: l1 } : { url: l1, ratePerSecond: rate }),
      ...(typeof beacon === "string" ? { beaconUrl: beacon } : {}),
      hostname: typeof values.host === "string" ? values.host : "127.0.0.1",
      port,
    });
  } catch (error) {
    io.err(`supernode l1-proxy: cannot listen: ${error instanceof Error ? error.message : String(error)}\n`);
    return 1;
  }
  io.out(
    `l1-proxy listening on ${proxy.url} (upstream ${l1}${typeof beacon === "string" ? `, beacon ${beacon}` : ""})\n`,
  );
  await new Promise<void>((resolve) => {
    process.once("SIGINT", resolve);
    process.once("SIGTERM", resolve);
    stop?.then(resolve);
  });
  await proxy.stop();
  io.out("l1-proxy stopped\n");
  return 0;
}
