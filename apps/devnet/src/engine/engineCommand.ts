// `devnet engine`: one devnet execution engine, alone: its anvil (genesis written to the data
// directory), the engine and its Engine API server on 127.0.0.1. Prints one JSON line when ready
// (the Engine API URL, the genesis block the rollup config must record, anvil's URL), stops on
// SIGINT/SIGTERM; its anvil never outlives it (watchdog), even on SIGKILL.
import { mkdtempSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { parseArgs } from "node:util";
import { ForkSchedule, loadProtocolWasm, parseJwtSecret } from "@supernode/protocol";
import type { ChainRules } from "./blockBuilder.ts";
import { startEngineAnvil } from "./engineAnvil.ts";
import { startEngineServer } from "./engineServer.ts";
import { ExecutionEngine } from "./executionEngine.ts";

export const ENGINE_USAGE = `usage: devnet engine --chain-id N --jwt-secret FILE [--port P] [--data-dir DIR]
                     [--genesis-time UNIX] [--block-time S] [--gas-limit N]

  --jwt-secret FILE   32 bytes of hex (op-node's --l2.jwt-secret format)
  --port P            Engine API port on 127.0.0.1 (default: a free port)
  --data-dir DIR      where genesis.json is written (default: a new temporary directory)
  --genesis-time      genesis timestamp (default: now)
  --block-time        L2 block time in seconds (default 2); every fork through Isthmus at genesis
`;

export class UsageError extends Error {}

export interface EngineCommandHandle {
  readonly ready: Record<string, unknown>;
  stop(): Promise<void>;
}

function integer(value: string | undefined, name: string, fallback?: number): number {
  if (value === undefined) {
    if (fallback === undefined) throw new UsageError(`--${name} is required`);
    return fallback;
  }
  if (!/^\d+$/.test(value)) throw new UsageError(`--${name} must be a non-negative integer, got ${value}`);
  return Number(value);
}

export async function startEngineCommand(argv: string[]): Promise<EngineCommandHandle> {
  let values: Record<string, string | undefined>;
  try {
    values = parseArgs({
      args: argv,
      options: {
        "chain-id": { type: "string" },
        "jwt-secret": { type: "string" },
        port: { type: "string" },
        "data-dir": { type: "string" },
        "genesis-time": { type: "string" },
        "block-time": { type: "string" },
        "gas-limit": { type: "string" },
      },
      strict: true,
    }).values as Record<string, string | undefined>;
  } catch (error) {
    throw new UsageError(error instanceof Error ? error.message : String(error));
  }
  const chainId = integer(values["chain-id"], "chain-id");
  if (!values["jwt-secret"]) throw new UsageError("--jwt-secret is required");
  let secretText: string;
  try {
    secretText = readFileSync(values["jwt-secret"], "utf8");
  } catch (error) {
    throw new UsageError(`cannot read --jwt-secret ${values["jwt-secret"]}: ${(error as Error).message}`);
  }
  const jwtSecret = parseJwtSecret(secretText);
  const blockTime = integer(values["block-time"], "block-time", 2);
  const timestamp = integer(values["genesis-time"], "genesis-time", Math.floor(Date.now() / 1000));
  const gasLimit = BigInt(integer(values["gas-limit"], "gas-limit", 30_000_000));
  const port = integer(values.port, "port", 0);
  const dataDir = values["data-dir"] ?? mkdtempSync(join(tmpdir(), "devnet-engine-"));

  await loadProtocolWasm();
  const rules: ChainRules = {
    forks: new ForkSchedule({ blockTime, hardforks: { isthmusTime: 0 } }),
    chainOpConfig: { eip1559Elasticity: 6, eip1559Denominator: 50, eip1559DenominatorCanyon: 250 },
  };
  const anvil = await startEngineAnvil(dataDir, { chainId, timestamp, gasLimit, baseFee: 1_000_000n });
  try {
    const engine = await ExecutionEngine.create(anvil, rules);
    const server = startEngineServer({ engine, jwtSecret, chainId, port });
    const genesis = engine.genesis;
    return {
      ready: {
        engine: server.url,
        chainId,
        genesis: { hash: genesis.hash, number: 0, timestamp: Number(genesis.header.timestamp) },
        dataDir,
        anvil: anvil.url,
      },
      async stop() {
        await server.stop();
        await anvil.stop();
      },
    };
  } catch (error) {
    await anvil.stop();
    throw error;
  }
}
