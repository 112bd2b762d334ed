// The virtual node on the devnet with singular batches (blobs + brotli): its local-safe chain equals the sequencer's at
// every height up to 200 (the default-file test covers blobs + brotli span batches).
import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import type { ChainEngine } from "@supernode/devnet";
import type { ComposedVirtualNode } from "@supernode/supernode/virtual-node";
import { deriveUntil, type Harness, sameBlocks, startHarness } from "./harness.ts";

let harness: Harness;
let replica: ChainEngine;
let composed: ComposedVirtualNode;
const BLOCKS = 200;

beforeAll(async () => {
  harness = await startHarness({ batchType: "singular" });
  replica = await harness.replica();
  composed = await harness.compose(replica, { dataDir: null });
  await harness.devnet.produce(BLOCKS / 2);
}, 60_000);

afterAll(async () => {
  await composed?.node.stop();
  await replica?.stop();
  await harness?.stop();
});

describe("virtual node on the devnet: singular batches (blobs + brotli)", () => {
  test("local-safe equals the sequencer's block at every height up to 200", async () => {
    await deriveUntil(harness, composed, BLOCKS);
    expect(await sameBlocks(harness, composed, 1, BLOCKS)).toEqual([]);
    expect(harness.events.some((e) => e.kind === "deposits-only" || e.kind === "dropped-attributes")).toBe(
      false,
    );
  }, 80_000);
});
