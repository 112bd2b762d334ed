// The Engine API client's metrics, on the app's registry (never the global one). One set per
// registry, shared by every chain's client: each series carries `chain_id`.
import { Counter, Gauge, Histogram, type Registry } from "prom-client";

export interface EngineApiMetrics {
  /** Calls by method and outcome: `ok` or the EngineApiError reason (`auth`, `timeout`, …). */
  readonly calls: Counter<"chain_id" | "method" | "outcome">;
  readonly callSeconds: Histogram<"chain_id" | "method">;
  /** The block number of each forkchoice label, as the engine controller last set it. */
  readonly head: Gauge<"chain_id" | "label">;
}

export function createEngineApiMetrics(registry: Registry): EngineApiMetrics {
  const registers = [registry];
  return {
    calls: new Counter({
      name: "supernode_engine_calls_total",
      help: "Engine API and L2 eth calls to the execution client, by method and outcome",
      labelNames: ["chain_id", "method", "outcome"],
      registers,
    }),
    callSeconds: new Histogram({
      name: "supernode_engine_call_duration_seconds",
      help: "Latency of calls to the execution client",
      labelNames: ["chain_id", "method"],
      buckets: [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
      registers,
    }),
    head: new Gauge({
      name: "supernode_engine_head_number",
      help: "Block number of each forkchoice label (unsafe, cross_unsafe, local_safe, safe, finalized)",
      labelNames: ["chain_id", "label"],
      registers,
    }),
  };
}
