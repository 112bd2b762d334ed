// The private anvil behind one devnet execution engine: an OP (Isthmus) EVM initialised from the
// chain's genesis.json, mining only when the engine asks, transactions in the order given.
import type { AnvilProcess } from "../anvil/anvilProcess.ts";
import { startAnvilProcess } from "../anvil/anvilProcess.ts";
import { type GenesisOptions, writeGenesis } from "./genesis.ts";

/** Everything pinned: genesis (chain id, timestamp, gas limit, base fee, state), hardfork, ordering. */
export async function startEngineAnvil(dataDir: string, genesis: GenesisOptions): Promise<AnvilProcess> {
  const path = await writeGenesis(dataDir, genesis);
  return startAnvilProcess([
    "--network",
    "optimism",
    "--hardfork",
    "isthmus",
    "--init",
    path,
    "--chain-id",
    String(genesis.chainId),
    "--no-mining",
    "--order",
    "fifo",
    "--accounts",
    "0",
  ]);
}
