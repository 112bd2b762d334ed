// The RPC gateway's metrics: the gateway reports through its observer (its core knows no metrics
// library) and this maps it onto the registry. Label values are bounded: routes are "root", the
// chain ids, "healthz" and "unknown"; methods are served names or "unknown". Every request passes
// here, so the series are plain numbers read out at scrape time (scrapedMetrics.ts), found through
// nested maps without building a key string.
import type { GatewayObserver } from "@supernode/rpc-gateway";
import type { Registry } from "prom-client";
import { type CounterCell, type HistogramCell, ScrapedCounter, ScrapedHistogram } from "./scrapedMetrics.ts";

export type RpcOutcome = "ok" | "error" | "unavailable" | "rejected";

/** Seconds: from sub-millisecond reads to a request held the whole hold time. */
const DURATION_BUCKETS = [0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10];

export function createGatewayMetrics(registry: Registry): GatewayObserver {
  const requests = new ScrapedCounter({
    name: "supernode_rpc_requests_total",
    help: "JSON-RPC calls answered (each batch entry), and requests refused before any call ran",
    labelNames: ["route", "method", "outcome"],
    registers: [registry],
  });
  const duration = new ScrapedHistogram({
    name: "supernode_rpc_request_duration_seconds",
    help: "HTTP requests to the RPC server, from arrival to the answer",
    labelNames: ["route"],
    buckets: DURATION_BUCKETS,
    registers: [registry],
  });
  // route → method → outcome → series
  const counters = new Map<string, Map<string, Map<RpcOutcome, CounterCell>>>();
  const histograms = new Map<string, HistogramCell>();
  const count = (route: string, method: string, outcome: RpcOutcome): void => {
    let byMethod = counters.get(route);
    if (byMethod === undefined) {
      byMethod = new Map();
      counters.set(route, byMethod);
    }
    let byOutcome = byMethod.get(method);
    if (byOutcome === undefined) {
      byOutcome = new Map();
      byMethod.set(method, byOutcome);
    }
    let cell = byOutcome.get(outcome);
    if (cell === undefined) {
      cell = requests.cell(route, method, outcome);
      byOutcome.set(outcome, cell);
    }
    cell.value++;
  };
  return {
    call: (route, method, ok) => count(route, method, ok ? "ok" : "error"),
    refused: (route, reason) => count(route, "none", reason),
    served: (route, seconds) => {
      let cell = histograms.get(route);
      if (cell === undefined) {
        cell = duration.cell(route);
        histograms.set(route, cell);
      }
      cell.observe(seconds);
    },
  };
}
