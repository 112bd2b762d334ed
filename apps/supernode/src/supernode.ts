// The supernode, composed (reference/supernode.md §1.2): shared resources built once — the L1
// client, the beacon client, the metrics registry, the logger, the RPC gateway — then one chain
// container per chain, then the activities (heartbeat, supernode, superroot) on the gateway's root.
import { readFileSync } from "node:fs";
import { createVirtualNodeMetrics } from "@supernode/derivation";
import { createEngineApiMetrics, readJwtSecretFile } from "@supernode/engine-api";
import {
  BeaconClient,
  createKzgCommitment,
  createL1SourceMetrics,
  L1Client,
  RpcClient,
} from "@supernode/l1-source";
import {
  type L1ChainConfig,
  type Logger,
  l1ChainPresets,
  loadProtocolWasm,
  parseL1ChainConfig,
  parseRollupConfig,
  presetByChainId,
  type RollupConfig,
} from "@supernode/protocol";
import { createGateway, type Gateway, serveGateway } from "@supernode/rpc-gateway";
import { Counter, collectDefaultMetrics, Gauge, Registry } from "prom-client";
import { startHeartbeat } from "./activities/heartbeat.ts";
import { parseTimestamp, superRootAtTimestamp } from "./activities/superroot.ts";
import { aggregate, superNodeSyncStatusJson } from "./activities/syncStatusAggregate.ts";
import { ChainContainer } from "./chains/chainContainer.ts";
import { type ChainConfig, ConfigUsageError, type SupernodeConfig } from "./config/index.ts";
import { createGatewayMetrics } from "./node/gatewayMetrics.ts";
import { withRpcErrors } from "./node/rpcErrors.ts";
import { version } from "./version.ts";
import { SharedL1Heads } from "./virtualNode/sharedL1Heads.ts";

export interface RunningSupernode {
  readonly rpcUrl: string;
  readonly metricsUrl: string | null;
  readonly containers: readonly ChainContainer[];
  readonly registry: Registry;
  readonly gateway: Gateway;
  stop(): Promise<void>;
}

/** Reads a config file named by `key`; anything wrong is a usage error naming the key (exit 2). */
function readConfigFile<T>(key: string, path: string, parse: (json: unknown) => T): T {
  try {
    return parse(JSON.parse(readFileSync(path, "utf8")));
  } catch (error) {
    throw new ConfigUsageError(
      key,
      `--${key} ${path}: ${error instanceof Error ? error.message : String(error)}`,
      {
        cause: error,
      },
    );
  }
}

/** The chain's rollup config: its file, else the named network's preset. */
function rollupOf(chain: ChainConfig): RollupConfig {
  const key = `vn.${chain.chainId}.rollup.config`;
  if (chain.rollupConfigPath) return readConfigFile(key, chain.rollupConfigPath, parseRollupConfig);
  const preset = chain.network ? presetByChainId(chain.chainId) : undefined;
  if (!preset)
    throw new ConfigUsageError(key, `chain ${chain.chainId}: no rollup config (--${key} or network)`);
  return preset;
}

function l1ChainOf(chain: ChainConfig, fallback: L1ChainConfig | null): L1ChainConfig {
  const key = `vn.${chain.chainId}.rollup.l1-chain-config`;
  if (chain.l1ChainConfigPath) return readConfigFile(key, chain.l1ChainConfigPath, parseL1ChainConfig);
  if (fallback) return fallback;
  throw new ConfigUsageError(key, `chain ${chain.chainId}: no L1 chain config (--${key})`);
}

function jwtOf(chain: ChainConfig): Uint8Array {
  try {
    return readJwtSecretFile(chain.jwtSecretPath);
  } catch (error) {
    const key = `vn.${chain.chainId}.l2.jwt-secret`;
    throw new ConfigUsageError(key, `--${key}: ${error instanceof Error ? error.message : String(error)}`, {
      cause: error,
    });
  }
}

export async function startSupernode(config: SupernodeConfig, logger: Logger): Promise<RunningSupernode> {
  // brotli (channels) and keccak are WebAssembly: loaded before any chain derives.
  await loadProtocolWasm();
  const registry = new Registry();
  collectDefaultMetrics({ register: registry });
  new Gauge({
    name: "supernode_info",
    help: "The supernode's version",
    labelNames: ["version", "commit"],
    registers: [registry],
  }).set({ version, commit: process.env.SUPERNODE_COMMIT ?? "unknown" }, 1);
  const restarts = new Counter({
    name: "supernode_virtual_node_restarts_total",
    help: "Virtual nodes rebuilt by their chain container after an exit",
    labelNames: ["chain_id"],
    registers: [registry],
  });
  const l1Metrics = createL1SourceMetrics(registry);
  const nodeMetrics = createVirtualNodeMetrics(registry);
  const engineMetrics = createEngineApiMetrics(registry);
  const l1 = new L1Client(new RpcClient({ url: config.l1, metrics: l1Metrics }), {
    trustRpc: config.l1TrustRpc,
    metrics: l1Metrics,
  });
  const l1Heads = new SharedL1Heads(l1, config.l1HttpPollIntervalMs);
  const beacon = new BeaconClient({
    urls: [config.l1Beacon, ...config.l1BeaconFallbacks],
    commit: createKzgCommitment(),
    metrics: l1Metrics,
    ...(config.l1SlotDuration === undefined ? {} : { secondsPerSlot: config.l1SlotDuration }),
  });
  const gateway = createGateway({
    holdMs: config.rpc.holdMs,
    logger,
    observer: createGatewayMetrics(registry),
  });
  const sharedL1Chain = l1ChainPresets.sepolia ?? null;
  const containers = config.chains.map((chain) => {
    const rollup = rollupOf(chain);
    const id = rollup.l2ChainId.toString(10);
    gateway.registerChain(id, {}, "starting");
    const container = new ChainContainer({
      rollup,
      l1Chain: l1ChainOf(chain, chain.network ? sharedL1Chain : null),
      l1,
      l1Heads,
      beacon,
      engineUrl: chain.l2,
      jwtSecret: jwtOf(chain),
      dataDir: config.dataDir,
      pollIntervalMs: config.l1HttpPollIntervalMs,
      metrics: nodeMetrics,
      engineMetrics,
      restarts,
      logger,
      onState: (state) => gateway.setChainState(id, state === "ready" ? "ready" : state),
    });
    gateway.registerChain(id, container.methods(), "starting");
    return container;
  });
  const heartbeat = startHeartbeat(logger);
  gateway.registerRoot({
    ...heartbeat.methods,
    supernode_syncStatus: withRpcErrors(() => superNodeSyncStatusJson(aggregate(containers))),
    superroot_atTimestamp: withRpcErrors((params) =>
      superRootAtTimestamp(containers, parseTimestamp(params[0]), {
        ...(config.interopActivationTimestamp === undefined
          ? {}
          : { interopActivation: config.interopActivationTimestamp }),
      }),
    ),
  });
  for (const container of containers) container.start();
  const server = await serveGateway(gateway, { hostname: config.rpc.addr, port: config.rpc.port });
  let metricsServer: ReturnType<typeof Bun.serve> | null = null;
  if (config.metrics.enabled) {
    metricsServer = Bun.serve({
      hostname: config.metrics.addr,
      port: config.metrics.port,
      fetch: async (request) =>
        new URL(request.url).pathname === "/metrics"
          ? new Response(await registry.metrics(), { headers: { "content-type": registry.contentType } })
          : new Response("not found", { status: 404 }),
    });
  }
  logger.info("supernode started", { rpc: server.url, chains: containers.map((c) => c.id.toString()) });
  return {
    rpcUrl: server.url,
    metricsUrl: metricsServer ? `http://${metricsServer.hostname}:${metricsServer.port}/metrics` : null,
    containers,
    registry,
    gateway,
    async stop() {
      heartbeat.stop();
      await server.stop();
      await metricsServer?.stop(true);
      await Promise.all(containers.map((c) => c.stop()));
    },
  };
}
