// The virtual node (reference/supernode.md §1.5): one chain's rollup node. It runs the driver in a
// loop — stepping while there is work, waiting for L1 when there is none, backing off on temporary
// errors, stopping with a reason on a critical one — follows L1 finality, and answers the chain's
// `optimism_*` methods as plain functions for the gateway. Single use: start once, stop once.
import {
  type L1BlockRef,
  type L2BlockRef,
  type Logger,
  type SyncStatus,
  serializeRollupConfig,
  silentLogger,
  syncStatusJsonWriter,
  syncStatusToJson,
  zeroL1BlockRef,
} from "@supernode/protocol";
import { DerivationError } from "../errors.ts";
import type { SafeDBLookup } from "../safedb/safeDB.ts";
import { Driver, type DriverOptions, type DriverStep } from "./driver.ts";
import { countingLogger, observeDriverEvent, observeHeads, type VirtualNodeMetrics } from "./metrics.ts";

/** What the node reads back from its SafeDB (`optimism_safeHeadAtL1Block`, L1 inclusion). */
export interface SafeHeadLookup {
  safeHeadAtL1Block(l1Number: number): SafeDBLookup;
  l1AtSafeHead(l2Number: number): SafeDBLookup;
}

export interface VirtualNodeOptions extends DriverOptions {
  /** How often L1 heads are read when there is nothing to derive (default 1 s). */
  readonly pollIntervalMs?: number;
  readonly version?: string;
  readonly safeHeads?: SafeHeadLookup;
  /** op-node's `optimism_outputAtBlock` answer for a block (the app reads it from the engine). */
  readonly outputAtBlock?: (blockNumber: number) => Promise<unknown>;
  /** A block's receipts from the engine (for interop's log index). */
  readonly receipts?: (blockHash: string) => Promise<readonly unknown[]>;
  /** Per-chain metrics (createVirtualNodeMetrics on the app's registry). */
  readonly metrics?: VirtualNodeMetrics;
}

export type RpcHandler = (params: readonly unknown[]) => Promise<unknown>;

/** A JSON-RPC error the gateway passes on as is (code and message). */
export class NodeRpcError extends Error {
  constructor(
    readonly code: number,
    message: string,
  ) {
    super(message);
  }
}

const MAX_BACKOFF_MS = 5_000;

export class VirtualNode {
  readonly driver: Driver;
  readonly #logger: Logger;
  #state: "new" | "running" | "stopped" = "new";
  #loop: Promise<void> | null = null;
  #wake: (() => void) | null = null;
  #stopReason: string | null = null;
  #l1Heads: { latest: L1BlockRef; safe: L1BlockRef; finalized: L1BlockRef } = {
    latest: zeroL1BlockRef,
    safe: zeroL1BlockRef,
    finalized: zeroL1BlockRef,
  };

  readonly #chainId: string;
  #counted = { frames: 0, channels: 0, batches: 0 };

  constructor(private readonly options: VirtualNodeOptions) {
    this.#chainId = String(options.rollup.l2ChainId);
    const { metrics } = options;
    const logger = options.logger ?? silentLogger;
    this.#logger = metrics ? countingLogger(logger, metrics, this.#chainId) : logger;
    this.driver = new Driver({
      ...options,
      logger: this.#logger,
      onEvent: (event) => {
        if (metrics) observeDriverEvent(metrics, this.#chainId, event);
        options.onEvent?.(event);
      },
    });
  }

  /** One driver step, timed, with the head gauges updated after it. */
  async step(): Promise<DriverStep> {
    const { metrics } = this.options;
    const started = performance.now();
    let result: DriverStep | "error" = "error";
    try {
      result = await this.driver.step();
      return result;
    } finally {
      if (metrics) {
        metrics.stepSeconds.observe(
          { chain_id: this.#chainId, result },
          (performance.now() - started) / 1000,
        );
        observeHeads(metrics, this.#chainId, this.options.engine.heads);
        const counts = this.driver.counts;
        for (const what of ["frames", "channels", "batches"] as const) {
          const delta = counts[what] - this.#counted[what];
          if (delta > 0) metrics.read.inc({ chain_id: this.#chainId, what }, delta);
        }
        this.#counted = { ...counts };
      }
    }
  }

  /** Why the node stopped by itself (a critical error), or null. */
  get stopReason(): string | null {
    return this.#stopReason;
  }

  get running(): boolean {
    return this.#state === "running";
  }

  start(): void {
    if (this.#state !== "new") throw new Error("a virtual node starts once");
    this.#state = "running";
    this.#loop = this.#run();
  }

  async stop(): Promise<void> {
    if (this.#state === "new") this.#state = "stopped";
    this.#state = "stopped";
    this.#wake?.();
    await this.#loop;
  }

  /** Reads the L1 heads; a new finalized head drives L2 finality. */
  async pollL1(): Promise<void> {
    const { l1 } = this.options;
    const [latest, safe, finalized] = await Promise.all([
      l1.headRef("latest"),
      l1.headRef("safe"),
      l1.headRef("finalized"),
    ]);
    const previous = this.#l1Heads.finalized;
    this.#l1Heads = { latest, safe, finalized };
    if (finalized.hash !== previous.hash) await this.driver.onL1Finalized(finalized);
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
    const poll = this.options.pollIntervalMs ?? 1_000;
    let backoff = 0;
    let lastPoll = 0;
    while (this.#state === "running") {
      try {
        if (Date.now() - lastPoll >= poll) {
          lastPoll = Date.now();
          await this.pollL1();
        }
        const step = await this.step();
        backoff = 0;
        if (step === "idle") await this.#sleep(Math.min(poll, 250));
      } catch (error) {
        if (error instanceof DerivationError && error.kind === "critical") {
          this.#stopReason = error.message;
          this.#logger.error("virtual node stopped: critical derivation error", { reason: error.message });
          this.#state = "stopped";
          return;
        }
        backoff = Math.min(MAX_BACKOFF_MS, Math.max(50, backoff * 2));
        this.#logger.warn("virtual node step failed; retrying", { error: String(error), backoffMs: backoff });
        await this.#sleep(backoff);
      }
    }
  }

  readonly #writeSyncStatus = syncStatusJsonWriter();

  /**
   * op-node's SyncStatus as JSON text (optimism_syncStatus' result), written again only when a
   * head or an L1 label has moved since the last call.
   */
  syncStatusJson(): string {
    return this.#writeSyncStatus(this.syncStatus());
  }

  /** op-node's SyncStatus of this chain. */
  syncStatus(): SyncStatus {
    const heads = this.options.engine.heads;
    const currentL1 = this.driver.currentL1 ?? zeroL1BlockRef;
    return {
      currentL1,
      currentL1Finalized: this.#l1Heads.finalized,
      headL1: this.#l1Heads.latest,
      safeL1: this.#l1Heads.safe,
      finalizedL1: this.#l1Heads.finalized,
      unsafeL2: heads.unsafe,
      safeL2: heads.safe,
      finalizedL2: heads.finalized,
      pendingSafeL2: this.driver.pendingSafe ?? heads.localSafe,
      crossUnsafeL2: heads.unsafe,
      localSafeL2: heads.localSafe,
    };
  }

  /**
   * The local-safe block at an L2 timestamp (the chain container's read for interop and super
   * roots): null when the chain's local-safe head has not reached it yet.
   */
  async localSafeBlockAtTimestamp(timestamp: number): Promise<L2BlockRef | null> {
    const { rollup, engine } = this.options;
    const offset = timestamp - rollup.genesis.l2Time;
    if (offset < 0 || offset % rollup.blockTime !== 0) return null;
    const number = rollup.genesis.l2.number + offset / rollup.blockTime;
    if (number > engine.heads.localSafe.number) return null;
    return engine.blockRef(number);
  }

  /** Output of a block (op-node's optimism_outputAtBlock answer). */
  outputAtBlock(blockNumber: number): Promise<unknown> {
    if (!this.options.outputAtBlock) throw new NodeRpcError(-32601, "optimism_outputAtBlock is not served");
    return this.options.outputAtBlock(blockNumber);
  }

  /** A block's receipts, from the engine. */
  receipts(blockHash: string): Promise<readonly unknown[]> {
    if (!this.options.receipts) throw new Error("receipts are not served by this node");
    return this.options.receipts(blockHash);
  }

  /**
   * The L1 block at which L2 block `l2Number` first became local-safe (the SafeDB's L1AtSafeHead):
   * `not-yet` until derivation gets there; `before-first-entry` / `gap` when that history is gone.
   */
  l1InclusionOf(l2Number: number): SafeDBLookup {
    return this.options.safeHeads?.l1AtSafeHead(l2Number) ?? { kind: "not-yet" };
  }

  /** The chain's `optimism_*` methods, each returning op-node's JSON shape. */
  handlers(): Record<string, RpcHandler> {
    return {
      optimism_syncStatus: async () => syncStatusToJson(this.syncStatus()),
      optimism_rollupConfig: async () => serializeRollupConfig(this.options.rollup),
      optimism_version: async () => this.options.version ?? "supernode",
      optimism_safeHeadAtL1Block: async (params) => {
        const [tag] = params;
        if (typeof tag !== "string" || !/^0x[0-9a-fA-F]+$/.test(tag))
          throw new NodeRpcError(-32602, "invalid params: expected an L1 block number as a hex quantity");
        const found = this.options.safeHeads?.safeHeadAtL1Block(Number(tag));
        // op-node passes its ErrNotFound through: code -32000, message "not found".
        if (found?.kind !== "found") throw new NodeRpcError(-32000, "not found");
        return found.entry;
      },
      optimism_outputAtBlock: async (params) => {
        const [tag] = params;
        if (typeof tag !== "string" || !/^0x[0-9a-fA-F]+$/.test(tag))
          throw new NodeRpcError(-32602, "invalid params: expected a block number as a hex quantity");
        return this.outputAtBlock(Number(tag));
      },
    };
  }
}
