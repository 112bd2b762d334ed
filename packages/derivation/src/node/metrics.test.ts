import { describe, expect, test } from "bun:test";
import { silentLogger } from "@supernode/protocol";
import { Registry } from "prom-client";
import { countingLogger, createVirtualNodeMetrics, observeDriverEvent, resetCauseLabel } from "./metrics.ts";

describe("virtual node metrics", () => {
  test("reset causes map to a bounded set of labels", () => {
    expect(resetCauseLabel("start")).toBe("start");
    expect(resetCauseLabel("L1 block 12's parent 0xab is not block 11 (0xcd)")).toBe("l1-reorg");
    expect(resetCauseLabel("an L1 block behind finality changed")).toBe("finality");
    expect(resetCauseLabel("something new")).toBe("other");
  });

  test("the stages' drop warnings are counted by stage; other warnings are not", async () => {
    const registry = new Registry();
    const metrics = createVirtualNodeMetrics(registry);
    const logger = countingLogger(silentLogger, metrics, "901").child({ stage: "x" });
    logger.warn("dropping a frame", { reason: "duplicate" });
    logger.warn("skipping a blob that does not decode", {});
    logger.warn("skipping a future batch", {});
    logger.warn("something else", {});
    observeDriverEvent(metrics, "901", { kind: "reset", cause: "start" });
    const text = await registry.metrics();
    expect(text).toContain(
      'supernode_derivation_dropped_total{chain_id="901",stage="channels",what="frame"} 1',
    );
    expect(text).toContain(
      'supernode_derivation_dropped_total{chain_id="901",stage="retrieval",what="blob"} 1',
    );
    expect(text).toContain(
      'supernode_derivation_dropped_total{chain_id="901",stage="batches",what="batch"} 1',
    );
    expect(text).toContain('supernode_derivation_resets_total{chain_id="901",cause="start"} 1');
  });
});
