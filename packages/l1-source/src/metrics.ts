// The L1 source's metrics, on the app's registry (never the global one).
import { Counter, Histogram, type Registry } from "prom-client";

export type RequestOutcome = "ok" | "not_found" | "transient" | "permanent";
export type CacheKind = "header" | "transactions" | "receipts" | "blob";

export interface L1SourceMetrics {
  readonly requests: Counter<"method" | "outcome">;
  readonly requestSeconds: Histogram<"method">;
  readonly cacheHits: Counter<"kind">;
  readonly cacheMisses: Counter<"kind">;
  readonly coalesced: Counter;
  readonly receivedBytes: Counter;
  readonly blobsFetched: Counter;
  readonly kzgChecks: Counter<"result">;
}

export function createL1SourceMetrics(registry: Registry): L1SourceMetrics {
  const registers = [registry];
  return {
    requests: new Counter({
      name: "supernode_l1_requests_total",
      help: "Upstream L1 JSON-RPC requests by method and outcome (each attempt counts)",
      labelNames: ["method", "outcome"],
      registers,
    }),
    requestSeconds: new Histogram({
      name: "supernode_l1_request_duration_seconds",
      help: "Latency of upstream L1 JSON-RPC requests",
      labelNames: ["method"],
      buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
      registers,
    }),
    cacheHits: new Counter({
      name: "supernode_l1_cache_hits_total",
      help: "L1 cache hits by kind",
      labelNames: ["kind"],
      registers,
    }),
    cacheMisses: new Counter({
      name: "supernode_l1_cache_misses_total",
      help: "L1 cache misses by kind",
      labelNames: ["kind"],
      registers,
    }),
    coalesced: new Counter({
      name: "supernode_l1_coalesced_requests_total",
      help: "Requests answered by joining an identical request already in flight",
      registers,
    }),
    receivedBytes: new Counter({
      name: "supernode_l1_received_bytes_total",
      help: "Bytes received from upstream L1 and beacon nodes",
      registers,
    }),
    blobsFetched: new Counter({
      name: "supernode_l1_blobs_fetched_total",
      help: "Blobs fetched from beacon nodes",
      registers,
    }),
    kzgChecks: new Counter({
      name: "supernode_l1_kzg_checks_total",
      help: "Blob KZG commitments computed and compared with versioned hashes, by result",
      labelNames: ["result"],
      registers,
    }),
  };
}
