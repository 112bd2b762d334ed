// The virtual node across restarts and lost data, and under an authority (fast-clock devnet).
import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import type { ChainEngine } from "@supernode/devnet";
import type { ComposedVirtualNode } from "@supernode/supernode/virtual-node";
import { deriveAll, deriveUntil, type Harness, sameBlocks, startHarness } from "./harness.ts";

let harness: Harness;
let replica: ChainEngine;
let composed: ComposedVirtualNode;
const BLOCKS = 80;

beforeAll(async () => {
  harness = await startHarness();
  replica = await harness.replica();
  composed = await harness.compose(replica);
  await harness.devnet.produce(BLOCKS / 2);
  await deriveUntil(harness, composed, BLOCKS);
}, 70_000);

afterAll(async () => {
  await composed?.node.stop();
  composed?.safeDb?.close();
  await replica?.stop();
  await harness?.stop();
});

describe("virtual node: restarts, lost data, authority", () => {
  test("with an authority, safe after interop activation is what it verified; local-safe runs ahead", async () => {
    const fresh = await harness.replica();
    let other: ComposedVirtualNode | null = null;
    try {
      other = await harness.compose(fresh, {
        dataDir: null,
        // Interop verified everything but the last 5 blocks of each candidate.
        authority: {
          verifiedSafe: async (candidate) =>
            (other as ComposedVirtualNode).reader.blockRef(candidate.number - 5),
        },
      });
      await deriveAll(other);
      const status = other.node.syncStatus();
      const interop = harness.runtime.chain.rollup.hardforks.interopTime as number;
      expect(status.localSafeL2.number).toBeGreaterThanOrEqual(BLOCKS);
      expect(status.localSafeL2.timestamp).toBeGreaterThan(interop);
      expect(status.safeL2.number).toBeLessThan(status.localSafeL2.number);
      expect(status.safeL2.number).toBeGreaterThanOrEqual(status.localSafeL2.number - 5 - 20);
      expect(status.safeL2.hash).toBe(
        (await harness.runtime.reader.blockRef(status.safeL2.number))?.hash as `0x${string}`,
      );
    } finally {
      await other?.node.stop();
      await fresh.stop();
    }
  }, 40_000);

  test("a restart on the same engine and data dir resumes from the engine's heads, not from genesis", async () => {
    const lastSafe = composed.controller.labels.localSafe.number;
    await composed.node.stop();
    composed.safeDb?.close();
    for (let i = 0; i < 20; i++) await harness.devnet.tick();
    const before = harness.events.length;
    composed = await harness.compose(replica);
    await deriveAll(composed);
    const derived = harness.events.slice(before).filter((e) => e.kind === "derived");
    expect(derived.length).toBeGreaterThan(0);
    expect((derived[0] as { block: { number: number } }).block.number).toBe(lastSafe + 1);
    expect(
      await sameBlocks(harness, composed, lastSafe - 5, composed.controller.labels.localSafe.number),
    ).toEqual([]);
  }, 40_000);

  test("the engine wiped (a fresh engine at genesis behind the SafeDB): entries truncated, re-derived, matching", async () => {
    await composed.node.stop();
    composed.safeDb?.close();
    const fresh = await harness.replica();
    try {
      composed = await harness.compose(fresh);
      expect(composed.safeDb?.lastEntry()?.safeHead.number).toBeGreaterThanOrEqual(BLOCKS);
      await deriveAll(composed);
      const top = composed.controller.labels.localSafe.number;
      expect(top).toBeGreaterThanOrEqual(BLOCKS);
      expect(composed.safeDb?.lastEntry()?.safeHead.number).toBe(top);
      expect(await sameBlocks(harness, composed, 1, top)).toEqual([]);
    } finally {
      await composed.node.stop();
      composed.safeDb?.close();
      await fresh.stop();
    }
  }, 60_000);
});
