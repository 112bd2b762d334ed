import { describe, expect, test } from "bun:test";
import { Counter, Histogram, Registry } from "prom-client";
import { createGatewayMetrics } from "./gatewayMetrics.ts";
import { ScrapedCounter, ScrapedHistogram } from "./scrapedMetrics.ts";

const buckets = [0.001, 0.01, 0.1, 1];
const observations = [0.0005, 0.001, 0.002, 0.05, 0.5, 1, 3, 0.01];

/** The same observations through prom-client's classes and ours, each in its own registry. */
function pair(defaultLabels?: Record<string, string>) {
  const theirs = new Registry();
  const ours = new Registry();
  if (defaultLabels) {
    theirs.setDefaultLabels(defaultLabels);
    ours.setDefaultLabels(defaultLabels);
  }
  const options = {
    name: "x_requests_total",
    help: "requests\nwith a \\ newline",
    labelNames: ["route", "outcome"],
  };
  const counter = new Counter({ ...options, registers: [theirs] });
  const scrapedCounter = new ScrapedCounter({ ...options, registers: [ours] });
  const histogramOptions = { name: "x_seconds", help: "durations", labelNames: ["route"], buckets };
  const histogram = new Histogram({ ...histogramOptions, registers: [theirs] });
  const scrapedHistogram = new ScrapedHistogram({ ...histogramOptions, registers: [ours] });
  for (const [route, outcome, times] of [
    ["901", "ok", 3],
    ["902", "error", 1],
    ['a "quoted" route', "ok", 2],
  ] as const) {
    const cell = scrapedCounter.cell(route, outcome);
    for (let i = 0; i < times; i++) {
      counter.labels(route, outcome).inc();
      cell.value++;
    }
  }
  for (const route of ["901", "root"]) {
    const cell = scrapedHistogram.cell(route);
    for (const value of observations) {
      histogram.labels(route).observe(value);
      cell.observe(value);
    }
  }
  return { theirs, ours };
}

describe("scraped metrics", () => {
  test("write the exposition text prom-client's Counter and Histogram write", async () => {
    const { theirs, ours } = pair();
    const text = await ours.metrics();
    expect(text).toBe(await theirs.metrics());
    expect(text).toContain('x_seconds_bucket{le="0.01",route="901"} 4');
    expect(text).toContain('x_seconds_bucket{le="+Inf",route="root"} 8');
    expect(text).toContain('x_requests_total{route="a \\"quoted\\" route",outcome="ok"} 2');
  });

  test("the same with default labels, as JSON, and after a reset", async () => {
    const { theirs, ours } = pair({ instance: "a" });
    expect(await ours.metrics()).toBe(await theirs.metrics());
    // prom-client's histogram values carry `exemplar: null` (no exemplars are kept here).
    const withoutExemplars = (value: unknown) =>
      JSON.parse(JSON.stringify(value, (key, item) => (key === "exemplar" ? undefined : item)));
    expect(withoutExemplars(await ours.getMetricsAsJSON())).toEqual(
      withoutExemplars(await theirs.getMetricsAsJSON()),
    );
    // A reset zeroes the series (prom-client drops them; the cells here are held by their users).
    ours.resetMetrics();
    const text = await ours.metrics();
    expect(text).toContain('x_requests_total{route="901",outcome="ok",instance="a"} 0');
    expect(text).toContain('x_seconds_bucket{le="+Inf",instance="a",route="901"} 0');
    expect(text).toContain('x_seconds_count{instance="a",route="901"} 0');
    expect(text).not.toMatch(/ [1-9][0-9.]*$/m);
  });

  test("a wrong number of label values is refused; a name cannot be registered twice", () => {
    const registry = new Registry();
    const counter = new ScrapedCounter({
      name: "c",
      help: "c",
      labelNames: ["a", "b"],
      registers: [registry],
    });
    expect(() => counter.cell("only one")).toThrow("expected 2 label values");
    // Public like prom-client's (the dashboard test reads every metric's label names).
    expect(counter.labelNames).toEqual(["a", "b"]);
    expect(() => new Counter({ name: "c", help: "c", registers: [registry] })).toThrow(
      "already been registered",
    );
  });
});

describe("gateway metrics", () => {
  test("calls, refusals and durations by route", async () => {
    const registry = new Registry();
    const observer = createGatewayMetrics(registry);
    observer.call("901", "optimism_syncStatus", true);
    observer.call("901", "optimism_syncStatus", true);
    observer.call("901", "unknown", false);
    observer.refused("902", "unavailable");
    observer.refused("unknown", "rejected");
    observer.served("901", 0.0002);
    observer.served("901", 0.003);
    const text = await registry.metrics();
    expect(text).toContain(
      'supernode_rpc_requests_total{route="901",method="optimism_syncStatus",outcome="ok"} 2',
    );
    expect(text).toContain('supernode_rpc_requests_total{route="901",method="unknown",outcome="error"} 1');
    expect(text).toContain('supernode_rpc_requests_total{route="902",method="none",outcome="unavailable"} 1');
    expect(text).toContain(
      'supernode_rpc_requests_total{route="unknown",method="none",outcome="rejected"} 1',
    );
    expect(text).toContain('supernode_rpc_request_duration_seconds_bucket{le="0.0005",route="901"} 1');
    expect(text).toContain('supernode_rpc_request_duration_seconds_bucket{le="0.005",route="901"} 2');
    expect(text).toContain('supernode_rpc_request_duration_seconds_count{route="901"} 2');
    expect(text).toContain("# TYPE supernode_rpc_request_duration_seconds histogram");
    expect(text).toContain("# TYPE supernode_rpc_requests_total counter");
  });
});
