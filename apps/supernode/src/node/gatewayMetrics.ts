// The RPC gateway's metrics: the gateway reports through its observer (its core knows no metrics
// library) and this maps it onto the registry. Label values are bounded: routes are "root", the
// chain ids, "healthz" and "unknown"; methods are served names or "unknown". Children are cached
// so a request costs two map lookups, not prom-client's label hashing.
import type { GatewayObserver } from "@supernode/rpc-gateway";
import { Counter, Histogram, type Registry } from "prom-client";

export type RpcOutcome = "ok" | "error" | "unavailable" | "rejected";

/** Seconds: from sub-millisecond reads to a request held the whole hold time. */
const DURATION_BUCKETS = [0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10];

export function createGatewayMetrics(registry: Registry): GatewayObserver {
  const requests = new Counter({
    name: "supernode_rpc_requests_total",
    help: "JSON-RPC calls answered (each batch entry), and requests refused before any call ran",
    labelNames: ["route", "method", "outcome"],
    registers: [registry],
  });
  const duration = new Histogram({
    name: "supernode_rpc_request_duration_seconds",
    help: "HTTP requests to the RPC server, from arrival to the answer",
    labelNames: ["route"],
    buckets: DURATION_BUCKETS,
    registers: [registry],
  });
  const counters = new Map<string, { inc(): void }>();
  const histograms = new Map<string, { observe(value: number): void }>();
  const count = (route: string, method: string, outcome: RpcOutcome): void => {
    const key = `${route}\u0000${method}\u0000${outcome}`;
    let child = counters.get(key);
    if (child === undefined) {
      child = requests.labels(route, method, outcome);
      counters.set(key, child);
    }
    child.inc();
  };
  return {
    call: (route, method, ok) => count(route, method, ok ? "ok" : "error"),
    refused: (route, reason) => count(route, "none", reason),
    served: (route, seconds) => {
      let child = histograms.get(route);
      if (child === undefined) {
        child = duration.labels(route);
        histograms.set(route, child);
      }
      child.observe(seconds);
    },
  };
}
