// One devnet L2 chain: its rollup config (written as op-node's rollup.json), its genesis, and the
// sequencer's devnet execution engine (a private anvil behind the Engine API server, JWT file on
// disk). The rollup config's L2 genesis hash is the engine's genesis block hash.
import { mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import {
  type Address,
  type BlockID,
  bytesToHex,
  ForkSchedule,
  type HardforkTimes,
  type Hex,
  type RollupConfig,
  type SystemConfig,
  serializeRollupConfig,
} from "@supernode/protocol";
import { mnemonicToAccount } from "viem/accounts";
import type { AnvilProcess } from "../anvil/anvilProcess.ts";
import { ecotoneScalar } from "../contracts/l1Contracts.ts";
import type { ChainRules } from "../engine/blockBuilder.ts";
import { startEngineAnvil } from "../engine/engineAnvil.ts";
import { type EngineServer, startEngineServer } from "../engine/engineServer.ts";
import { ExecutionEngine } from "../engine/executionEngine.ts";
import type { GenesisOptions } from "../engine/genesis.ts";
import { DEV_MNEMONIC } from "../l1/devnetL1.ts";

/** OP Sepolia's EIP-1559 constants (Canyon denominator 250, elasticity 6). */
export const DEVNET_CHAIN_OP_CONFIG = {
  eip1559Elasticity: 6,
  eip1559Denominator: 50,
  eip1559DenominatorCanyon: 250,
} as const;

/** Accounts 0–9 of the dev mnemonic hold 1,000 ETH on every devnet L2 at genesis. */
export const L2_FUNDED_ACCOUNTS = 10;

export interface DevnetChainSpec {
  readonly chainId: number;
  /** L2 block time in seconds. */
  readonly blockTime: number;
  readonly batcher: Address;
  readonly hardforks: HardforkTimes;
}

export interface DevnetChainOptions {
  readonly spec: DevnetChainSpec;
  /** The chain's files: rollup.json, genesis.json, jwt.txt. */
  readonly dataDir: string;
  readonly l1ChainId: number;
  /** The L1 block the chain starts after (its genesis L1 origin). */
  readonly genesisL1: BlockID & { readonly timestamp: number };
  readonly l2GenesisTime: number;
  readonly portal: Address;
  readonly systemConfig: Address;
  readonly jwtSecret: Uint8Array;
}

/** The batch inbox of chain `chainId`: 0xff00…00‖chain id (op-deployer's convention). */
export function batchInboxAddress(chainId: number): Address {
  return `0xff${chainId.toString(16).padStart(38, "0")}` as Address;
}

/** OP Mainnet's Ecotone fee scalars. */
export const DEVNET_FEE_SCALARS = { basefeeScalar: 1368, blobbasefeeScalar: 810_949 } as const;

/** What the chain's SystemConfig holds at genesis (the deployment's own ConfigUpdate events). */
export function genesisSystemConfig(batcher: Address): SystemConfig {
  return {
    batcherAddr: batcher,
    overhead: `0x${"00".repeat(32)}`,
    scalar: ecotoneScalar(DEVNET_FEE_SCALARS.basefeeScalar, DEVNET_FEE_SCALARS.blobbasefeeScalar),
    gasLimit: 30_000_000,
    eip1559Params: "0x0000000000000000",
    operatorFeeParams: `0x${"00".repeat(32)}`,
    minBaseFee: 0n,
    daFootprintGasScalar: 0,
  };
}

/** One devnet execution engine behind its Engine API server. */
export interface ChainEngine {
  readonly anvil: AnvilProcess;
  readonly engine: ExecutionEngine;
  readonly server: EngineServer;
  readonly url: string;
  stop(): Promise<void>;
}

async function startChainEngine(
  dataDir: string,
  genesis: GenesisOptions,
  rules: ChainRules,
  jwtSecret: Uint8Array,
): Promise<ChainEngine> {
  const anvil = await startEngineAnvil(dataDir, genesis);
  try {
    const engine = await ExecutionEngine.create(anvil, rules);
    const server = startEngineServer({ engine, jwtSecret, chainId: genesis.chainId });
    return {
      anvil,
      engine,
      server,
      url: server.url,
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

export class DevnetChain {
  private constructor(
    readonly rollup: RollupConfig,
    private readonly sequencerEngine: ChainEngine,
    private readonly genesis: GenesisOptions,
    private readonly rules: ChainRules,
    readonly files: { readonly rollup: string; readonly genesis: string; readonly jwt: string },
    /** The Engine API's JWT secret (the engine asks for a token on every method, eth_* too). */
    readonly jwtSecret: Uint8Array,
  ) {}

  static async start(options: DevnetChainOptions): Promise<DevnetChain> {
    const { spec, dataDir } = options;
    mkdirSync(dataDir, { recursive: true });
    const alloc: Record<Address, { balance: Hex }> = {};
    for (let i = 0; i < L2_FUNDED_ACCOUNTS; i++)
      alloc[mnemonicToAccount(DEV_MNEMONIC, { addressIndex: i }).address.toLowerCase() as Address] = {
        balance: `0x${(1000n * 10n ** 18n).toString(16)}`,
      };
    const genesis: GenesisOptions = {
      chainId: spec.chainId,
      timestamp: options.l2GenesisTime,
      gasLimit: 30_000_000n,
      baseFee: 1_000_000n,
      alloc,
    };
    const rules: ChainRules = {
      forks: new ForkSchedule({ blockTime: spec.blockTime, hardforks: spec.hardforks }),
      chainOpConfig: DEVNET_CHAIN_OP_CONFIG,
    };
    const sequencerEngine = await startChainEngine(dataDir, genesis, rules, options.jwtSecret);
    const { engine } = sequencerEngine;
    try {
      const rollup: RollupConfig = {
        genesis: {
          l1: { number: options.genesisL1.number, hash: options.genesisL1.hash },
          l2: { number: 0, hash: engine.genesis.hash },
          l2Time: options.l2GenesisTime,
          systemConfig: genesisSystemConfig(spec.batcher),
        },
        blockTime: spec.blockTime,
        maxSequencerDrift: 600,
        seqWindowSize: 200,
        channelTimeout: 50,
        l1ChainId: BigInt(options.l1ChainId),
        l2ChainId: BigInt(spec.chainId),
        hardforks: spec.hardforks,
        batchInboxAddress: batchInboxAddress(spec.chainId),
        depositContractAddress: options.portal,
        l1SystemConfigAddress: options.systemConfig,
        chainOpConfig: DEVNET_CHAIN_OP_CONFIG,
      };
      const files = {
        rollup: join(dataDir, "rollup.json"),
        genesis: join(dataDir, "genesis.json"),
        jwt: join(dataDir, "jwt.txt"),
      };
      writeFileSync(files.rollup, `${JSON.stringify(serializeRollupConfig(rollup), null, 2)}\n`);
      writeFileSync(files.jwt, `${bytesToHex(options.jwtSecret)}\n`, { mode: 0o600 });
      return new DevnetChain(rollup, sequencerEngine, genesis, rules, files, options.jwtSecret);
    } catch (error) {
      await sequencerEngine.stop();
      throw error;
    }
  }

  get anvil(): AnvilProcess {
    return this.sequencerEngine.anvil;
  }

  get engine(): ExecutionEngine {
    return this.sequencerEngine.engine;
  }

  get server(): EngineServer {
    return this.sequencerEngine.server;
  }

  /**
   * Another engine of this chain from the same genesis (same genesis hash), empty: what a
   * verifier's execution client is. The caller stops it.
   */
  startReplica(dataDir: string, jwtSecret: Uint8Array): Promise<ChainEngine> {
    return startChainEngine(dataDir, this.genesis, this.rules, jwtSecret);
  }

  get chainId(): number {
    return Number(this.rollup.l2ChainId);
  }

  get engineUrl(): string {
    return this.server.url;
  }

  async stop(): Promise<void> {
    await this.sequencerEngine.stop();
  }
}
