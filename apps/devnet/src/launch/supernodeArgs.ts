// The supernode on this devnet: an engine of its own per chain (a replica of the chain's genesis,
// never the sequencer's engine) sharing one JWT secret, and the `supernode run` flags that point
// it at the devnet's L1, beacon and files. Used by npm start, the tests and the benchmarks.
import { mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { bytesToHex } from "@supernode/protocol";
import type { ChainEngine } from "../chains/devnetChain.ts";
import type { Devnet } from "../devnet.ts";

export interface SupernodeEngines {
  /** File with the engines' JWT secret (op-node's --l2.jwt-secret format). */
  readonly jwtSecretPath: string;
  readonly jwtSecret: Uint8Array;
  /** Chain id → its engine. */
  readonly engines: ReadonlyMap<number, ChainEngine>;
  stop(): Promise<void>;
}

/** Starts one engine per devnet chain under `dir` (`dir/<chainId>`, the JWT secret at `dir/jwt.txt`). */
export async function startSupernodeEngines(devnet: Devnet, dir: string): Promise<SupernodeEngines> {
  mkdirSync(dir, { recursive: true });
  const jwtSecret = crypto.getRandomValues(new Uint8Array(32));
  const jwtSecretPath = join(dir, "jwt.txt");
  writeFileSync(jwtSecretPath, bytesToHex(jwtSecret), { mode: 0o600 });
  const engines = new Map<number, ChainEngine>();
  try {
    for (const runtime of devnet.runtimes)
      engines.set(
        runtime.chain.chainId,
        await runtime.chain.startReplica(join(dir, String(runtime.chain.chainId)), jwtSecret),
      );
  } catch (error) {
    for (const engine of engines.values()) await engine.stop().catch(() => undefined);
    throw error;
  }
  return {
    jwtSecretPath,
    jwtSecret,
    engines,
    async stop() {
      for (const engine of engines.values()) await engine.stop().catch(() => undefined);
    },
  };
}

export interface SupernodeArgsOptions {
  readonly dataDir: string;
  /** The shared L1 client's poll interval (default 100ms: the devnet's fast clock). */
  readonly l1PollInterval?: string;
  /** Engine URL per chain id (default: the engines' own URLs). */
  readonly engineUrls?: ReadonlyMap<number, string>;
}

/** `supernode run`'s flags for every chain of the devnet: RPC and metrics on free ports. */
export function supernodeArgs(
  devnet: Devnet,
  engines: SupernodeEngines,
  options: SupernodeArgsOptions,
): string[] {
  const argv = [
    "--l1",
    devnet.l1.url,
    "--l1.beacon",
    devnet.l1.beaconUrl,
    "--l1.slot-duration",
    String(devnet.l1.blockTime),
    "--l1.http-poll-interval",
    options.l1PollInterval ?? "100ms",
    "--data-dir",
    options.dataDir,
    "--rpc.port",
    "0",
    "--metrics.enabled",
    "--metrics.port",
    "0",
    "--chains",
    devnet.runtimes.map((r) => r.chain.chainId).join(","),
    "--vn.all.l2.jwt-secret",
    engines.jwtSecretPath,
    "--vn.all.rollup.l1-chain-config",
    devnet.endpoints.l1.chainConfig,
  ];
  for (const runtime of devnet.runtimes) {
    const id = runtime.chain.chainId;
    const url = options.engineUrls?.get(id) ?? engines.engines.get(id)?.url;
    if (!url) throw new Error(`no engine for chain ${id}`);
    argv.push(`--vn.${id}.l2`, url, `--vn.${id}.rollup.config`, runtime.chain.files.rollup);
  }
  return argv;
}
