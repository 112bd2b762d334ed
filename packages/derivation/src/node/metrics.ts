// The virtual node's metrics, labelled with the chain id, on the app's registry (never the
// global one). Stage drops are counted from the stages' own warnings (each names what it drops),
// through a logger tap, so the stages stay free of metrics plumbing.
import type { L2BlockRef, LogFields, Logger } from "@supernode/protocol";
import { Counter, Gauge, Histogram, type Registry } from "prom-client";
import type { DriverEvent } from "./driver.ts";
import type { EngineHeads } from "./ports.ts";

export interface VirtualNodeMetrics {
  readonly derived: Counter<"chain_id" | "how">;
  readonly l1Processed: Counter<"chain_id">;
  readonly resets: Counter<"chain_id" | "cause">;
  readonly replaced: Counter<"chain_id" | "what">;
  readonly dropped: Counter<"chain_id" | "stage" | "what">;
  readonly read: Counter<"chain_id" | "what">;
  readonly stepSeconds: Histogram<"chain_id" | "result">;
  readonly headNumber: Gauge<"chain_id" | "label">;
  readonly headTimestamp: Gauge<"chain_id" | "label">;
}

export function createVirtualNodeMetrics(registry: Registry): VirtualNodeMetrics {
  const registers = [registry];
  return {
    derived: new Counter({
      name: "supernode_derivation_l2_blocks_total",
      help: "L2 blocks derived and made local-safe (how: built or consolidated)",
      labelNames: ["chain_id", "how"],
      registers,
    }),
    l1Processed: new Counter({
      name: "supernode_derivation_l1_blocks_total",
      help: "L1 blocks the pipeline has read through",
      labelNames: ["chain_id"],
      registers,
    }),
    resets: new Counter({
      name: "supernode_derivation_resets_total",
      help: "Pipeline resets by cause (start, l1-reorg, finality, other)",
      labelNames: ["chain_id", "cause"],
      registers,
    }),
    replaced: new Counter({
      name: "supernode_derivation_replaced_total",
      help: "Derived payloads the engine refused: dropped (before Holocene) or replaced by deposits only",
      labelNames: ["chain_id", "what"],
      registers,
    }),
    dropped: new Counter({
      name: "supernode_derivation_dropped_total",
      help: "Data items, frames, channels and batches the stages dropped",
      labelNames: ["chain_id", "stage", "what"],
      registers,
    }),
    read: new Counter({
      name: "supernode_derivation_read_total",
      help: "Frames, channels and batches the pipeline read",
      labelNames: ["chain_id", "what"],
      registers,
    }),
    stepSeconds: new Histogram({
      name: "supernode_derivation_step_duration_seconds",
      help: "Duration of one driver step by result",
      labelNames: ["chain_id", "result"],
      buckets: [0.0005, 0.001, 0.005, 0.01, 0.05, 0.1, 0.5, 1, 5],
      registers,
    }),
    headNumber: new Gauge({
      name: "supernode_l2_head_number",
      help: "L2 head block number by label (unsafe, local_safe, safe, finalized)",
      labelNames: ["chain_id", "label"],
      registers,
    }),
    headTimestamp: new Gauge({
      name: "supernode_l2_head_timestamp_seconds",
      help: "L2 head block timestamp by label",
      labelNames: ["chain_id", "label"],
      registers,
    }),
  };
}

/** A reset cause as a bounded label value. */
export function resetCauseLabel(cause: string): string {
  if (cause === "start") return "start";
  if (/parent|reorg|canonical/i.test(cause)) return "l1-reorg";
  if (/finality/i.test(cause)) return "finality";
  return "other";
}

/** Counts one driver event. */
export function observeDriverEvent(metrics: VirtualNodeMetrics, chainId: string, event: DriverEvent): void {
  switch (event.kind) {
    case "derived":
      metrics.derived.inc({ chain_id: chainId, how: event.consolidated ? "consolidated" : "built" });
      return;
    case "l1-processed":
      metrics.l1Processed.inc({ chain_id: chainId });
      return;
    case "reset":
      metrics.resets.inc({ chain_id: chainId, cause: resetCauseLabel(event.cause) });
      return;
    case "deposits-only":
      metrics.replaced.inc({ chain_id: chainId, what: "deposits-only" });
      return;
    case "dropped-attributes":
      metrics.replaced.inc({ chain_id: chainId, what: "dropped" });
      return;
  }
}

export function observeHeads(metrics: VirtualNodeMetrics, chainId: string, heads: EngineHeads): void {
  const labels: [string, L2BlockRef][] = [
    ["unsafe", heads.unsafe],
    ["local_safe", heads.localSafe],
    ["safe", heads.safe],
    ["finalized", heads.finalized],
  ];
  for (const [label, ref] of labels) {
    metrics.headNumber.set({ chain_id: chainId, label }, ref.number);
    metrics.headTimestamp.set({ chain_id: chainId, label }, ref.timestamp);
  }
}

/** The stages' drop warnings: message prefix → (stage, what). */
const DROPS: readonly [string, string, string][] = [
  ["dropping a batcher data item", "frames", "data-item"],
  ["dropping a frame", "channels", "frame"],
  ["dropping a timed-out channel", "channels", "timed-out-channel"],
  ["channel bank full", "channels", "channel-bank-full"],
  ["a new channel replaces an unfinished one", "channels", "unfinished-channel"],
  ["dropping a channel larger", "channels", "oversized-channel"],
  ["channel decompression stopped early", "channel-reader", "decompression"],
  ["channel batch reading stopped early", "channel-reader", "batch-decoding"],
  ["span batch before Delta", "channel-reader", "span-before-delta"],
  ["skipping a blob", "retrieval", "blob"],
  ["dropping a batch", "batches", "batch"],
  ["skipping a", "batches", "batch"],
  ["the safe head left the span", "batches", "span-remainder"],
  ["flushing the channel after a deposits-only block", "batches", "deposits-only-flush"],
];

/** A logger that also counts the stages' drop warnings. */
export function countingLogger(inner: Logger, metrics: VirtualNodeMetrics, chainId: string): Logger {
  const tap: Logger = {
    trace: (message, fields) => inner.trace(message, fields),
    debug: (message, fields) => inner.debug(message, fields),
    info: (message, fields) => inner.info(message, fields),
    warn: (message: string, fields?: LogFields) => {
      const drop = DROPS.find(([prefix]) => message.startsWith(prefix));
      if (drop) metrics.dropped.inc({ chain_id: chainId, stage: drop[1], what: drop[2] });
      inner.warn(message, fields);
    },
    error: (message, fields) => inner.error(message, fields),
    child: (bindings) => countingLogger(inner.child(bindings), metrics, chainId),
  };
  return tap;
}
