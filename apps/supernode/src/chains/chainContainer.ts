// A chain container (reference/supernode.md §1.4, §1.5): hosts one chain's virtual node and keeps
// it running. The restart loop builds a fresh virtual node (they are single use) whenever the
// last one stopped for any reason, with backoff, unless the container is paused or stopped; the
// gateway is told the chain's state so requests are held (then 503) while it restarts. The reads
// activities use go through here: the narrow ChainContainer interface.
import type { SafetyAuthority, VirtualNodeMetrics } from "@supernode/derivation";
import type { EngineApiMetrics } from "@supernode/engine-api";
import type { BeaconClient, L1Client } from "@supernode/l1-source";
import {
  type BlockID,
  type Hash,
  type L1ChainConfig,
  type L2BlockRef,
  type Logger,
  type OutputV0,
  type RollupConfig,
  type SyncStatus,
  silentLogger,
  zeroHash,
} from "@supernode/protocol";
import type { MethodHandler } from "@supernode/rpc-gateway";
import type { Counter } from "prom-client";
import { type NodeMethods, nodeMethods } from "../node/nodeRpc.ts";
import { withRpcErrors } from "../node/rpcErrors.ts";
import { type ComposedVirtualNode, createVirtualNode } from "../virtualNode/createVirtualNode.ts";
import type { SharedL1Heads } from "../virtualNode/sharedL1Heads.ts";
import { CanonicalCache } from "./canonicalCache.ts";
import { ChainNotRunningError, HistoryUnavailableError } from "./chainErrors.ts";

export { ChainNotRunningError, HistoryUnavailableError } from "./chainErrors.ts";

/** The `optimism_*` methods served at `/<chainId>` (registered before any node exists). */
const CHAIN_METHODS = [
  "optimism_syncStatus",
  "optimism_outputAtBlock",
  "optimism_rollupConfig",
  "optimism_version",
  "optimism_safeHeadAtL1Block",
] as const;

type OutputWithRoot = OutputV0 & { outputRoot: Hash };

export type ContainerState = "starting" | "ready" | "restarting" | "paused" | "stopped";

export interface ChainContainerOptions {
  readonly rollup: RollupConfig;
  readonly l1Chain: L1ChainConfig;
  readonly l1: L1Client;
  /** The L1 heads every chain shares (read once per poll interval). */
  readonly l1Heads?: SharedL1Heads;
  readonly beacon: BeaconClient;
  readonly engineUrl: string;
  readonly jwtSecret: Uint8Array;
  /** The supernode's data dir: the SafeDB goes to `<dataDir>/<chainId>/safe.db`. */
  readonly dataDir: string;
  readonly pollIntervalMs?: number;
  readonly metrics?: VirtualNodeMetrics;
  readonly engineMetrics?: EngineApiMetrics | null;
  readonly restarts?: Counter<"chain_id">;
  readonly authority?: SafetyAuthority;
  /** Told of every state change (the gateway's readiness gate). */
  readonly onState?: (state: ContainerState) => void;
  /** First and longest wait between restarts (default 500 ms doubling to 10 s). */
  readonly backoffMs?: { readonly min: number; readonly max: number };
  readonly logger?: Logger;
}

export class ChainContainer {
  readonly id: bigint;
  readonly #logger: Logger;
  #current: ComposedVirtualNode | null = null;
  #state: ContainerState = "starting";
  #paused = false;
  #stopping = false;
  #loop: Promise<void> | null = null;
  #wake: (() => void) | null = null;
  /** Local-safe refs and output roots the superroot activity reads (see canonicalCache.ts). */
  readonly #canonical = new CanonicalCache<L2BlockRef, OutputWithRoot, BlockID>();

  constructor(private readonly options: ChainContainerOptions) {
    this.id = options.rollup.l2ChainId;
    this.#logger = (options.logger ?? silentLogger).child({ chain_id: this.id.toString() });
  }

  get state(): ContainerState {
    return this.#state;
  }

  get blockTime(): number {
    return this.options.rollup.blockTime;
  }

  get rollup(): RollupConfig {
    return this.options.rollup;
  }

  /** The running virtual node, or throws ChainNotRunningError. */
  get node(): ComposedVirtualNode {
    if (!this.#current?.node.running)
      throw new ChainNotRunningError(`chain ${this.id}: the virtual node is not running (${this.#state})`);
    return this.#current;
  }

  #setState(state: ContainerState): void {
    if (this.#state === state) return;
    this.#state = state;
    this.options.onState?.(state);
  }

  start(): void {
    this.#loop ??= this.#run();
  }

  async stop(): Promise<void> {
    this.#stopping = true;
    this.#wake?.();
    await this.#current?.node.stop();
    await this.#loop;
    this.#setState("stopped");
  }

  /** No new virtual node is started while paused; the running one keeps running. */
  pause(): void {
    this.#paused = true;
  }

  resume(): void {
    this.#paused = false;
    this.#wake?.();
  }

  /** Pause, then stop the running node (before a multi-chain rewind); order matters. */
  async pauseAndStopVN(): Promise<void> {
    this.pause();
    this.#setState("paused");
    await this.#current?.node.stop();
  }

  async #sleep(ms: number): Promise<void> {
    await new Promise<void>((resolve) => {
      const timer = setTimeout(resolve, ms);
      this.#wake = () => {
        clearTimeout(timer);
        resolve();
      };
    });
    this.#wake = null;
  }

  async #run(): Promise<void> {
    const { min, max } = this.options.backoffMs ?? { min: 500, max: 10_000 };
    let backoff = min;
    let first = true;
    while (!this.#stopping) {
      if (this.#paused) {
        this.#setState("paused");
        await this.#sleep(1_000);
        continue;
      }
      if (!first) {
        this.options.restarts?.inc({ chain_id: this.id.toString() });
        this.#setState("restarting");
      }
      first = false;
      let composed: ComposedVirtualNode | null = null;
      try {
        composed = await this.#compose();
        if (this.#stopping || this.#paused) {
          composed.safeDb?.close();
          continue;
        }
        this.#canonical.invalidate();
        this.#current = composed;
        composed.node.start();
        // Ready once the node has done its first reset: before it, its sync status has a zeroed
        // current L1, a half-built state no follower should be served.
        while (
          composed.node.running &&
          !this.#stopping &&
          composed.node.syncStatus().currentL1.hash === zeroHash
        )
          await this.#sleep(50);
        this.#setState("ready");
        const started = Date.now();
        while (composed.node.running && !this.#stopping) await this.#sleep(250);
        if (composed.node.stopReason) {
          this.#logger.error("virtual node stopped", { reason: composed.node.stopReason });
        }
        // A node that ran a good while earns a fresh backoff.
        if (Date.now() - started > 60_000) backoff = min;
      } catch (error) {
        this.#logger.warn("virtual node failed to start", { error: String(error), retryMs: backoff });
      } finally {
        await composed?.node.stop();
        composed?.safeDb?.close();
      }
      if (this.#stopping) break;
      if (!this.#paused) {
        this.#setState("restarting");
        await this.#sleep(backoff);
        backoff = Math.min(max, backoff * 2);
      }
    }
  }

  #compose(): Promise<ComposedVirtualNode> {
    const o = this.options;
    return createVirtualNode({
      rollup: o.rollup,
      l1Chain: o.l1Chain,
      l1: o.l1,
      ...(o.l1Heads ? { l1Heads: o.l1Heads } : {}),
      beacon: o.beacon,
      engineUrl: o.engineUrl,
      jwtSecret: o.jwtSecret,
      dataDir: o.dataDir,
      ...(o.pollIntervalMs === undefined ? {} : { pollIntervalMs: o.pollIntervalMs }),
      ...(o.metrics ? { metrics: o.metrics } : {}),
      ...(o.engineMetrics ? { engineMetrics: o.engineMetrics } : {}),
      ...(o.authority ? { authority: o.authority } : {}),
      onEvent: (event) => {
        if (event.kind === "reset") this.#canonical.invalidate();
      },
      logger: this.#logger,
    });
  }

  // The reads activities use (reference/supernode.md §1.4).

  /** The node's sync status once it is ready (before its first reset the status is half-built). */
  syncStatus(): SyncStatus {
    if (this.#state !== "ready")
      throw new ChainNotRunningError(`chain ${this.id}: the virtual node is not ready (${this.#state})`);
    return this.node.node.syncStatus();
  }

  /**
   * The chain's JSON-RPC methods, always those of the node running now, as `supernode node`
   * serves them (nodeMethods: coded errors kept, optimism_syncStatus from the node's cached JSON
   * text); "not running" between a node's exit and the gateway's hold is −32000.
   */
  methods(): Record<string, MethodHandler> {
    return Object.fromEntries(
      CHAIN_METHODS.map((name) => [
        name,
        withRpcErrors((params) => {
          const method = this.#methodsOf(this.node)[name];
          if (!method) throw new Error(`${name} is not served`);
          return method(params);
        }),
      ]),
    );
  }

  #methods: { readonly node: ComposedVirtualNode; readonly table: NodeMethods } | null = null;

  /** The node's methods, made once per node (not once per request). */
  #methodsOf(node: ComposedVirtualNode): NodeMethods {
    if (this.#methods?.node !== node) this.#methods = { node, table: nodeMethods(node.node) };
    return this.#methods.table;
  }

  timestampToBlockNumber(timestamp: number): number {
    const { genesis, blockTime } = this.options.rollup;
    if (timestamp < genesis.l2Time)
      throw new RangeError(`time ${timestamp} is before genesis ${genesis.l2Time}`);
    return genesis.l2.number + Math.floor((timestamp - genesis.l2Time) / blockTime);
  }

  blockNumberToTimestamp(number: number): number {
    const { genesis, blockTime } = this.options.rollup;
    if (number < genesis.l2.number)
      throw new RangeError(`block ${number} is before genesis ${genesis.l2.number}`);
    return genesis.l2Time + (number - genesis.l2.number) * blockTime;
  }

  /** The local-safe block at a timestamp; null when local-safe has not reached it. */
  async localSafeBlockAtTimestamp(timestamp: number): Promise<L2BlockRef | null> {
    const number = this.timestampToBlockNumber(timestamp);
    const { node, reader } = this.node;
    if (number > node.syncStatus().localSafeL2.number) return null;
    return this.#canonical.ref(number, (n) => reader.blockRef(n));
  }

  /** The SafeDB's first entry's L2 timestamp, once derivation is past its L1 block. */
  firstSafeHeadTimestamp(): number | null {
    const { node, safeDb } = this.node;
    const first = safeDb?.firstEntry(node.syncStatus().currentL1.number);
    return first ? this.blockNumberToTimestamp(first.safeHead.number) : null;
  }

  /** (L2 block at `timestamp`, the L1 block it became local-safe at); null: not yet. */
  async optimisticAt(timestamp: number): Promise<{ l2: BlockID; l1: BlockID } | null> {
    const block = await this.localSafeBlockAtTimestamp(timestamp);
    if (!block) return null;
    const { node } = this.node;
    const l1 = this.#canonical.inclusion(block.number, (number) => {
      const inclusion = node.l1InclusionOf(number);
      if (inclusion.kind === "found") return inclusion.entry.l1Block;
      if (inclusion.kind === "not-yet") return null;
      throw new HistoryUnavailableError(
        `chain ${this.id}: the L1 inclusion of block ${number} is unavailable (${inclusion.kind})`,
      );
    });
    return l1 === null ? null : { l2: { hash: block.hash, number: block.number }, l1 };
  }

  /** OutputV0 of a canonical block by number or of a block by hash (null when the engine does not have it). */
  async outputV0AtBlock(block: number | Hash): Promise<OutputWithRoot | null> {
    // From the header alone: a super root needs no block ref, so no transactions are fetched.
    return this.node.reader.outputRoot(block);
  }

  /**
   * OutputV0 at the block of `timestamp` (null when not there): from the cache by block hash when
   * the block is local-safe, read from the engine otherwise.
   */
  async optimisticOutputAtTimestamp(timestamp: number): Promise<OutputWithRoot | null> {
    const block = await this.localSafeBlockAtTimestamp(timestamp);
    if (!block) return this.outputV0AtBlock(this.timestampToBlockNumber(timestamp));
    return this.#canonical.output(block.hash, () => this.outputV0AtBlock(block.hash));
  }

  async elFinalizedHead(): Promise<L2BlockRef> {
    return this.node.controller.labels.finalized;
  }
}
