// The whole devnet: one L1, its contracts, and N chains each with a sequencer engine, a sequencer,
// a batcher and traffic, driven by one clock. Each tick (one second of devnet time): every chain
// sequences the blocks now due; on an L1 slot the batchers submit what is ready, traffic sends
// its L1 deposits, and the L1 block is mined. A failing step is logged and retried on the next
// tick: one chain's trouble never stops the others.
import { mkdirSync, mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { createEngineTransport, EngineClient, EngineController, L2Reader } from "@supernode/engine-api";
import { L1Client, RpcClient } from "@supernode/l1-source";
import {
  type Address,
  ForkSchedule,
  type L1ChainConfig,
  type Logger,
  loadProtocolWasm,
  parseL1ChainConfig,
  serializeDependencySet,
  silentLogger,
} from "@supernode/protocol";
import { privateKeyToAccount } from "viem/accounts";
import { Batcher, type BatcherOptions } from "./batcher/batcher.ts";
import { blockTimeOf, chainIdOf, devnetHardforks, type ForkVariant } from "./chains/chainSpecs.ts";
import { DEVNET_FEE_SCALARS, DevnetChain, genesisSystemConfig } from "./chains/devnetChain.ts";
import { type Clock, type ClockMode, createClock } from "./clock.ts";
import { deployL1Contracts, L1Contracts, type L1Deployment } from "./contracts/l1Contracts.ts";
import { DevnetL1, devAddress, devKey } from "./l1/devnetL1.ts";
import { Sequencer } from "./sequencer/sequencer.ts";
import { Traffic, type TrafficOptions } from "./traffic/traffic.ts";

export interface DevnetOptions {
  readonly chains?: number;
  readonly clock?: ClockMode;
  /** Where the devnet writes its files (default: a new temporary directory). */
  readonly dataDir?: string;
  readonly l1BlockTime?: number;
  readonly forks?: ForkVariant;
  readonly dataMode?: BatcherOptions["dataMode"];
  readonly compression?: BatcherOptions["compression"];
  readonly batchType?: BatcherOptions["batchType"];
  readonly traffic?: TrafficOptions | false;
  /** The deepest L1 reorg the devnet will be asked to make. */
  readonly maxReorgDepth?: number;
  readonly logger?: Logger;
}

/** Dev account roles on L1 (indexes of the dev mnemonic; depositors never sign on L2). */
const L1_DEPLOYER = 0;
const L1_DEPOSITOR = 7;
const L1_CONTRACT_DEPOSITOR = 8;
const batcherIndex = (chain: number) => 10 + chain;
/** The sequencer takes an L1 origin only this many blocks behind the L1 head. */
const SEQUENCER_L1_CONFIRMATIONS_OVER_REORG = 1;

export interface DevnetChainRuntime {
  readonly chain: DevnetChain;
  readonly controller: EngineController;
  readonly reader: L2Reader;
  readonly sequencer: Sequencer;
  /** Replaced by `replaceBatcher` (a test that changes the SystemConfig's batcher). */
  batcher: Batcher;
}

export interface DevnetEndpoints {
  readonly dataDir: string;
  readonly l1: {
    readonly rpc: string;
    readonly beacon: string;
    readonly chainConfig: string;
    readonly chainId: number;
  };
  readonly dependencySet: string;
  readonly chains: readonly {
    readonly chainId: number;
    readonly blockTime: number;
    readonly engine: string;
    readonly jwtSecret: string;
    readonly rollupConfig: string;
    readonly genesis: string;
    readonly genesisHash: string;
  }[];
}

export class Devnet {
  #stopping = new AbortController();
  #running: Promise<void> | null = null;
  /** Chain indexes whose batcher `tick()` does not step (test hook). */
  readonly #pausedBatchers = new Set<number>();

  private constructor(
    readonly l1: DevnetL1,
    readonly l1Chain: L1ChainConfig,
    readonly contracts: readonly L1Deployment[],
    readonly runtimes: readonly DevnetChainRuntime[],
    readonly traffic: Traffic | null,
    readonly clock: Clock,
    readonly endpoints: DevnetEndpoints,
    private readonly logger: Logger,
  ) {}

  static async start(options: DevnetOptions = {}): Promise<Devnet> {
    await loadProtocolWasm();
    const logger = options.logger ?? silentLogger;
    const count = options.chains ?? 2;
    if (!Number.isInteger(count) || count < 1 || count > 16)
      throw new RangeError(`--chains must be 1–16, got ${count}`);
    const dataDir = options.dataDir ?? mkdtempSync(join(tmpdir(), "devnet-"));
    mkdirSync(dataDir, { recursive: true });
    const maxReorgDepth = options.maxReorgDepth ?? 3;
    const l1BlockTime = options.l1BlockTime ?? 2;
    const clockMode = options.clock ?? "real";
    const genesisTime = Math.floor(Date.now() / 1000 / l1BlockTime) * l1BlockTime;
    const l1 = await DevnetL1.start({
      blockTime: l1BlockTime,
      genesisTime,
      maxReorgDepth,
      accounts: 10 + count,
    });
    const started: DevnetChain[] = [];
    try {
      const l1Chain = parseL1ChainConfig(l1.chainConfigJson());
      const l1ChainConfigPath = l1.writeChainConfig(dataDir);
      const batchers = Array.from({ length: count }, (_, i) => devKey(batcherIndex(i)));
      const contracts: L1Deployment[] = [];
      for (const key of batchers) {
        const config = genesisSystemConfig(privateKeyToAccount(key).address.toLowerCase() as Address);
        contracts.push(
          await deployL1Contracts({
            l1Url: l1.url,
            deployerKey: devKey(L1_DEPLOYER),
            owner: devAddress(L1_DEPLOYER),
            batcher: config.batcherAddr,
            gasLimit: BigInt(config.gasLimit),
            basefeeScalar: DEVNET_FEE_SCALARS.basefeeScalar,
            blobbasefeeScalar: DEVNET_FEE_SCALARS.blobbasefeeScalar,
            mine: () => l1.mine(),
          }),
        );
      }
      await l1.mine();
      const genesisL1 = await l1.head();
      const l1Client = new L1Client(new RpcClient({ url: l1.url }));
      const runtimes: DevnetChainRuntime[] = [];
      for (let i = 0; i < count; i++) {
        const chainId = chainIdOf(i);
        const jwtSecret = crypto.getRandomValues(new Uint8Array(32));
        const chain = await DevnetChain.start({
          spec: {
            chainId,
            blockTime: blockTimeOf(i),
            batcher: privateKeyToAccount(batchers[i] as `0x${string}`).address.toLowerCase() as Address,
            hardforks: devnetHardforks(options.forks ?? "default", genesisL1.timestamp),
          },
          dataDir: join(dataDir, String(chainId)),
          l1ChainId: l1.chainId,
          genesisL1,
          l2GenesisTime: genesisL1.timestamp,
          portal: (contracts[i] as L1Deployment).portal,
          systemConfig: (contracts[i] as L1Deployment).systemConfig,
          jwtSecret,
        });
        started.push(chain);
        const forks = new ForkSchedule(chain.rollup);
        const call = createEngineTransport({ url: chain.engineUrl, jwtSecret, chainId });
        const reader = new L2Reader({ call, forks, genesis: chain.rollup.genesis });
        const controller = await EngineController.open(new EngineClient(call, forks), reader, forks, {
          chainId,
        });
        const sequencer = await Sequencer.start({
          rollup: chain.rollup,
          l1Chain,
          l1: l1Client,
          controller,
          reader,
          l1Confirmations: maxReorgDepth + SEQUENCER_L1_CONFIRMATIONS_OVER_REORG,
          logger,
        });
        const batcher = new Batcher({
          l1Url: l1.url,
          l2Url: chain.engineUrl,
          l2JwtSecret: jwtSecret,
          batcherKey: batchers[i] as `0x${string}`,
          inbox: chain.rollup.batchInboxAddress,
          rollup: chain.rollup,
          dataMode: options.dataMode ?? "blobs",
          compression: options.compression ?? "brotli",
          batchType: options.batchType ?? "span",
          logger,
        });
        runtimes.push({ chain, controller, reader, sequencer, batcher });
      }
      const dependencySetPath = join(dataDir, "dependency-set.json");
      writeFileSync(
        dependencySetPath,
        `${JSON.stringify(
          serializeDependencySet({
            chains: runtimes.map((r) => r.chain.rollup.l2ChainId),
            messageExpiryWindow: 604_800,
          }),
          null,
          2,
        )}\n`,
      );
      const endpoints: DevnetEndpoints = {
        dataDir,
        l1: { rpc: l1.url, beacon: l1.beaconUrl, chainConfig: l1ChainConfigPath, chainId: l1.chainId },
        dependencySet: dependencySetPath,
        chains: runtimes.map(({ chain }) => ({
          chainId: chain.chainId,
          blockTime: chain.rollup.blockTime,
          engine: chain.engineUrl,
          jwtSecret: chain.files.jwt,
          rollupConfig: chain.files.rollup,
          genesis: chain.files.genesis,
          genesisHash: chain.rollup.genesis.l2.hash,
        })),
      };
      const traffic =
        options.traffic === false
          ? null
          : await Traffic.start({
              l1,
              depositors: await Promise.all(
                contracts.map(async (deployment) => ({
                  eoa: await L1Contracts.connect({ l1Url: l1.url, key: devKey(L1_DEPOSITOR) }, deployment),
                  viaContract: await L1Contracts.connect(
                    { l1Url: l1.url, key: devKey(L1_CONTRACT_DEPOSITOR) },
                    deployment,
                  ),
                })),
              ),
              chains: runtimes.map((r) => r.chain),
              ...(options.traffic ?? {}),
              logger,
            });
      const clock = createClock(clockMode, genesisL1.timestamp);
      return new Devnet(l1, l1Chain, contracts, runtimes, traffic, clock, endpoints, logger);
    } catch (error) {
      for (const chain of started) await chain.stop().catch(() => undefined);
      await l1.stop();
      throw error;
    }
  }

  /** One second of devnet time: due L2 blocks on every chain, then the L1 slot if one is due. */
  async tick(): Promise<void> {
    const time = this.clock.now() + 1;
    if (!(await this.clock.until(time, this.#stopping.signal))) return;
    await Promise.all(
      this.runtimes.map(async (runtime) => {
        while (runtime.sequencer.nextTimestamp <= time) {
          try {
            await this.traffic?.beforeL2Block(runtime.chain.chainId, runtime.sequencer.nextTimestamp);
            if (!(await runtime.sequencer.step())) break;
          } catch (error) {
            this.logger.warn("sequencer step failed", {
              chainId: runtime.chain.chainId,
              error: String(error),
            });
            break;
          }
        }
      }),
    );
    const l1Head = await this.l1.head();
    if (time < this.l1.timeOf(l1Head.number + 1)) return;
    await Promise.all(
      this.runtimes.map(async (runtime, index) => {
        if (this.#pausedBatchers.has(index)) return;
        try {
          await runtime.batcher.step();
        } catch (error) {
          this.logger.warn("batcher step failed", { chainId: runtime.chain.chainId, error: String(error) });
        }
      }),
    );
    try {
      await this.traffic?.beforeL1Block();
    } catch (error) {
      this.logger.warn("L1 traffic failed", { error: String(error) });
    }
    await this.l1.mine();
  }

  /**
   * Test hook: chain `index`'s batcher is no longer stepped (`paused` false: stepped again); the
   * sequencer, traffic and L1 go on. What it already sent still lands.
   */
  pauseBatcher(index: number, paused = true): void {
    if (!this.runtimes[index]) throw new RangeError(`no chain at index ${index}`);
    if (paused) this.#pausedBatchers.add(index);
    else this.#pausedBatchers.delete(index);
  }

  /** Test hook: chain `index` is batched by `batcher` from the next L1 slot on (e.g. another key). */
  replaceBatcher(index: number, batcher: Batcher): void {
    const runtime = this.runtimes[index];
    if (!runtime) throw new RangeError(`no chain at index ${index}`);
    runtime.batcher = batcher;
  }

  /** Ticks until every chain's unsafe head is at least `blocks` (fast clock: in seconds of CPU). */
  async produce(blocks: number): Promise<void> {
    while (this.runtimes.some((r) => r.sequencer.head.number < blocks)) {
      if (this.#stopping.signal.aborted) return;
      await this.tick();
    }
  }

  /** Ticks until `stop()`. */
  run(): Promise<void> {
    this.#running ??= (async () => {
      while (!this.#stopping.signal.aborted) await this.tick();
    })();
    return this.#running;
  }

  async stop(): Promise<void> {
    this.#stopping.abort();
    await this.#running?.catch(() => undefined);
    for (const runtime of this.runtimes) await runtime.chain.stop().catch(() => undefined);
    await this.l1.stop();
  }
}
