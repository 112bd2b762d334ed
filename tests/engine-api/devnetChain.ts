// The chain the engine-api tests drive: one or more devnet engines (anvil + engine + Engine API
// server) from the same genesis, and the payload attributes of block n (its L1-info deposit with
// L1 origin 100 + n, plus any extra transactions).
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import {
  type AnvilProcess,
  type EngineServer,
  ExecutionEngine,
  startEngineAnvil,
  startEngineServer,
} from "@supernode/devnet";
import {
  encodeDepositTx,
  ForkSchedule,
  type Hex,
  hexToBytes,
  l1BlockInfo,
  l1InfoDepositTx,
  loadProtocolWasm,
  opSepolia,
  type PayloadAttributes,
} from "@supernode/protocol";

export const CHAIN_ID = 901;
export const GENESIS_TIME = 1_700_000_000;
export const forks = new ForkSchedule({ blockTime: 2, hardforks: { isthmusTime: 0 } });
export const chainOpConfig = { eip1559Elasticity: 6, eip1559Denominator: 50, eip1559DenominatorCanyon: 250 };

export interface DevnetEngine {
  readonly anvil: AnvilProcess;
  readonly engine: ExecutionEngine;
  readonly server: EngineServer;
  stop(): Promise<void>;
}

export async function startDevnetEngine(jwtSecret: Uint8Array): Promise<DevnetEngine> {
  await loadProtocolWasm();
  const dir = mkdtempSync(join(tmpdir(), "engine-api-devnet-"));
  const anvil = await startEngineAnvil(dir, {
    chainId: CHAIN_ID,
    timestamp: GENESIS_TIME,
    gasLimit: 30_000_000n,
    baseFee: 1_000_000n,
  });
  const engine = await ExecutionEngine.create(anvil, { forks, chainOpConfig });
  const server = startEngineServer({ engine, jwtSecret, chainId: CHAIN_ID });
  return {
    anvil,
    engine,
    server,
    async stop() {
      await server.stop();
      await anvil.stop();
    },
  };
}

/** Block n's attributes; `variant` changes prevRandao only (a sibling at the same height). */
export function attributes(n: number, extra: Hex[] = [], variant = 0): PayloadAttributes {
  const timestamp = GENESIS_TIME + 2 * n;
  const origin = {
    number: 100 + n,
    timestamp: timestamp - 1,
    hash: `0x${(100 + n).toString(16).padStart(64, "0")}` as Hex,
    baseFee: 7n,
    blobBaseFee: 1n,
  };
  const info = l1BlockInfo("isthmus", origin, 0, opSepolia.genesis.systemConfig);
  return {
    timestamp: BigInt(timestamp),
    prevRandao: `0x${(n + 1000 * variant).toString(16).padStart(64, "0")}`,
    suggestedFeeRecipient: "0x4200000000000000000000000000000000000011",
    withdrawals: [],
    parentBeaconBlockRoot: `0x${"be".repeat(32)}`,
    transactions: [encodeDepositTx(l1InfoDepositTx(info, true)), ...extra.map(hexToBytes)],
    noTxPool: true,
    gasLimit: 30_000_000n,
    eip1559Params: "0x000000fa00000006",
  };
}
