// One chain's virtual node, composed: the engine controller over the chain's Engine API (JWT),
// the shared L1 and beacon clients as its L1 ports, and its SafeDB.
import {
  type DriverEvent,
  NodeRpcError,
  SafeDB,
  type SafetyAuthority,
  safeDBPath,
  VirtualNode,
  type VirtualNodeMetrics,
} from "@supernode/derivation";
import {
  createEngineTransport,
  type EngineApiMetrics,
  EngineClient,
  EngineController,
  L2Reader,
} from "@supernode/engine-api";
import type { BeaconClient, L1Client } from "@supernode/l1-source";
import {
  ForkSchedule,
  type L1ChainConfig,
  type Logger,
  type RollupConfig,
  syncStatusToJson,
} from "@supernode/protocol";
import { nodeEngine } from "./nodeEngine.ts";
import { nodeBlobs, nodeL1 } from "./nodeL1.ts";
import type { SharedL1Heads } from "./sharedL1Heads.ts";

export interface CreateVirtualNodeOptions {
  readonly rollup: RollupConfig;
  readonly l1Chain: L1ChainConfig;
  readonly l1: L1Client;
  /** L1 heads shared by every chain of the supernode (none: this node reads its own). */
  readonly l1Heads?: SharedL1Heads;
  readonly beacon: BeaconClient;
  /** The chain's execution client: Engine API URL and JWT secret. */
  readonly engineUrl: string;
  readonly jwtSecret: Uint8Array;
  /** Where the chain's SafeDB lives (`<dataDir>/<chainId>/safe.db`); none: no SafeDB. */
  readonly dataDir?: string;
  readonly pollIntervalMs?: number;
  readonly engineMetrics?: EngineApiMetrics | null;
  readonly metrics?: VirtualNodeMetrics;
  /** Interop's say over safe (none: safe follows local-safe). */
  readonly authority?: SafetyAuthority;
  readonly logger?: Logger;
  readonly onEvent?: (event: DriverEvent) => void;
}

export interface ComposedVirtualNode {
  readonly node: VirtualNode;
  readonly safeDb: SafeDB | null;
  readonly controller: EngineController;
  readonly reader: L2Reader;
}

export async function createVirtualNode(options: CreateVirtualNodeOptions): Promise<ComposedVirtualNode> {
  const { rollup } = options;
  const chainId = Number(rollup.l2ChainId);
  const forks = new ForkSchedule(rollup);
  const call = createEngineTransport({
    url: options.engineUrl,
    jwtSecret: options.jwtSecret,
    chainId,
    metrics: options.engineMetrics ?? null,
  });
  const reader = new L2Reader({ call, forks, genesis: rollup.genesis });
  const controller = await EngineController.open(new EngineClient(call, forks), reader, forks, {
    chainId,
    metrics: options.engineMetrics ?? null,
  });
  const safeDb = options.dataDir
    ? SafeDB.open(safeDBPath(options.dataDir, rollup.l2ChainId), {
        chainId: rollup.l2ChainId,
        genesisHash: rollup.genesis.l2.hash,
        ...(options.logger ? { logger: options.logger } : {}),
      })
    : null;
  const node = new VirtualNode({
    rollup,
    l1Chain: options.l1Chain,
    l1: nodeL1(options.l1, options.l1Heads),
    blobs: nodeBlobs(options.beacon),
    engine: nodeEngine(controller, reader, rollup),
    ...(safeDb ? { safeDb, safeHeads: safeDb } : {}),
    ...(options.pollIntervalMs === undefined ? {} : { pollIntervalMs: options.pollIntervalMs }),
    // op-node's OutputResponse: version, outputRoot, blockRef, withdrawalStorageRoot, stateRoot,
    // and the node's sync status at the time of the answer.
    outputAtBlock: async (blockNumber) => {
      const output = await reader.output(blockNumber);
      if (!output) throw new NodeRpcError(-32000, "not found");
      return {
        version: `0x${"00".repeat(32)}`,
        outputRoot: output.outputRoot,
        blockRef: output.blockRef,
        withdrawalStorageRoot: output.messagePasserStorageRoot,
        stateRoot: output.stateRoot,
        syncStatus: syncStatusToJson(node.syncStatus()),
      };
    },
    receipts: (blockHash) => reader.receipts(blockHash as `0x${string}`),
    ...(options.logger ? { logger: options.logger } : {}),
    ...(options.onEvent ? { onEvent: options.onEvent } : {}),
    ...(options.metrics ? { metrics: options.metrics } : {}),
    ...(options.authority ? { authority: options.authority } : {}),
  });
  return { node, safeDb, controller, reader };
}
