// The virtual node on the devnet (fast clock): a second engine of chain 901, from the same
// genesis, driven only by what the virtual node derives from L1 (the batches in blobs, the
// deposits in the L1 receipts). Its local-safe chain must equal the sequencer's block for block,
// across the Jovian and Interop activation blocks, and again after an L1 reorg.
import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import type { ChainEngine } from "@supernode/devnet";
import type { ComposedVirtualNode } from "@supernode/supernode/virtual-node";
import {
  deriveAll,
  deriveUntil,
  type Harness,
  OP_NODE_SYNC_STATUS_KEYS,
  sameBlocks,
  startHarness,
} from "./harness.ts";

let harness: Harness;
let replica: ChainEngine;
let composed: ComposedVirtualNode;
const BLOCKS = 200;

beforeAll(async () => {
  harness = await startHarness();
  replica = await harness.replica();
  composed = await harness.compose(replica);
  // The sequencer runs ahead; the node derives what the batches on L1 carry.
  await harness.devnet.produce(BLOCKS / 2);
}, 60_000);

afterAll(async () => {
  await composed?.node.stop();
  composed?.safeDb?.close();
  await replica?.stop();
  await harness?.stop();
});

describe("virtual node on the devnet", () => {
  test("local-safe equals the sequencer's block at every height up to 200, across Jovian and Interop", async () => {
    await deriveUntil(harness, composed, BLOCKS);
    expect(await sameBlocks(harness, composed, 1, BLOCKS)).toEqual([]);
    const rollup = harness.runtime.chain.rollup;
    expect(rollup.hardforks.jovianTime).toBeGreaterThan(rollup.genesis.l2Time);
    expect(rollup.hardforks.interopTime).toBeLessThan(rollup.genesis.l2Time + BLOCKS);
    // Before interop has a say, safe follows local-safe.
    const status = composed.node.syncStatus();
    expect(status.safeL2.number).toBeGreaterThan(0);
    expect(status.localSafeL2.number).toBeGreaterThanOrEqual(BLOCKS);
    // Per-chain metrics: derived blocks, L1 blocks read, the start reset, head gauges.
    const text = await harness.registry.metrics();
    const value = (pattern: RegExp) => Number(pattern.exec(text)?.[1] ?? Number.NaN);
    expect(
      value(/supernode_derivation_l2_blocks_total\{chain_id="901",how="built"\} (\d+)/),
    ).toBeGreaterThanOrEqual(BLOCKS);
    expect(value(/supernode_derivation_l1_blocks_total\{chain_id="901"\} (\d+)/)).toBeGreaterThan(50);
    expect(value(/supernode_derivation_read_total\{chain_id="901",what="frames"\} (\d+)/)).toBeGreaterThan(
      10,
    );
    expect(value(/supernode_derivation_read_total\{chain_id="901",what="channels"\} (\d+)/)).toBeGreaterThan(
      10,
    );
    expect(value(/supernode_derivation_read_total\{chain_id="901",what="batches"\} (\d+)/)).toBeGreaterThan(
      10,
    );
    expect(value(/supernode_derivation_resets_total\{chain_id="901",cause="start"\} (\d+)/)).toBe(1);
    expect(
      value(/supernode_l2_head_number\{chain_id="901",label="local_safe"\} (\d+)/),
    ).toBeGreaterThanOrEqual(BLOCKS);
    expect(text).toContain(
      'supernode_derivation_step_duration_seconds_bucket{le="0.001",chain_id="901",result="derived"}',
    );
  }, 80_000);

  test("L1 reorg of depth 3 after batches landed: the node resets, hashes match again, finalized never moves back", async () => {
    const resetsBefore = harness.events.filter((e) => e.kind === "reset").length;
    let finalized = composed.controller.labels.finalized;
    expect(finalized.number).toBeGreaterThan(0);
    await harness.devnet.l1.reorg(3);
    const target = composed.controller.labels.localSafe.number + 30;
    for (let round = 0; round < 30 && composed.controller.labels.localSafe.number < target; round++) {
      for (let i = 0; i < 10; i++) await harness.devnet.tick();
      await deriveAll(composed);
      const now = composed.controller.labels.finalized;
      expect(now.number).toBeGreaterThanOrEqual(finalized.number);
      if (now.number === finalized.number) expect(now.hash).toBe(finalized.hash);
      finalized = now;
    }
    expect(harness.events.filter((e) => e.kind === "reset").length).toBeGreaterThan(resetsBefore);
    expect(composed.controller.labels.localSafe.number).toBeGreaterThanOrEqual(target);
    expect(await sameBlocks(harness, composed, 1, target)).toEqual([]);
  }, 60_000);

  test("SafeDB: L1 block → local-safe head, and optimism_safeHeadAtL1Block / syncStatus in op-node's shapes", async () => {
    const last = composed.safeDb?.lastEntry();
    expect(last?.safeHead.number).toBe(composed.controller.labels.localSafe.number);
    const handlers = composed.node.handlers();
    const answer = (await handlers.optimism_safeHeadAtL1Block?.([
      `0x${(last?.l1Block.number ?? 0).toString(16)}`,
    ])) as {
      l1Block: { hash: string; number: number };
      safeHead: { hash: string; number: number };
    };
    expect(Object.keys(answer).sort()).toEqual(["l1Block", "safeHead"]);
    expect(Object.keys(answer.l1Block).sort()).toEqual(["hash", "number"]);
    expect(answer.safeHead).toEqual(last?.safeHead as { hash: `0x${string}`; number: number });
    // Before the first entry: op-node's ErrNotFound (-32000 "not found").
    const error = await handlers.optimism_safeHeadAtL1Block?.(["0x0"]).catch((e: unknown) => e);
    expect(error).toMatchObject({ code: -32000, message: "not found" });
    const status = (await handlers.optimism_syncStatus?.([])) as Record<string, unknown>;
    expect(Object.keys(status).sort()).toEqual([...OP_NODE_SYNC_STATUS_KEYS].sort());
  });

  test("the chain container's reads: local-safe block at a timestamp, output, receipts, L1 inclusion", async () => {
    const node = composed.node;
    const rollup = harness.runtime.chain.rollup;
    const at = await node.localSafeBlockAtTimestamp(rollup.genesis.l2Time + 10 * rollup.blockTime);
    expect(at?.number).toBe(10);
    expect(
      await node.localSafeBlockAtTimestamp(rollup.genesis.l2Time + 10_000 * rollup.blockTime),
    ).toBeNull();
    const output = (await node.handlers().optimism_outputAtBlock?.(["0xa"])) as Record<string, unknown>;
    expect(Object.keys(output).sort()).toEqual(
      ["blockRef", "outputRoot", "stateRoot", "syncStatus", "version", "withdrawalStorageRoot"].sort(),
    );
    expect((output.blockRef as { hash: string }).hash).toBe(at?.hash as string);
    expect((await node.receipts(at?.hash as string)).length).toBeGreaterThan(0);
    const inclusion = node.l1InclusionOf(10);
    expect(inclusion.kind).toBe("found");
    if (inclusion.kind === "found") expect(inclusion.entry.safeHead.number).toBeGreaterThanOrEqual(10);
  });
});
