// The virtual node on the devnet (fast clock): a second engine of chain 901, from the same
// genesis, driven only by what the virtual node derives from L1 (the batches in blobs, the
// deposits in the L1 receipts). Its local-safe chain must equal the sequencer's block for block,
// across the Jovian and Interop activation blocks.
import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { createVirtualNodeMetrics, type DriverEvent } from "@supernode/derivation";
import { type ChainEngine, Devnet, type DevnetChainRuntime } from "@supernode/devnet";
import { BeaconClient, createKzgCommitment, L1Client, RpcClient } from "@supernode/l1-source";
import { type ComposedVirtualNode, createVirtualNode } from "@supernode/supernode/virtual-node";
import { Registry } from "prom-client";

let devnet: Devnet;
let runtime: DevnetChainRuntime;
let replica: ChainEngine;
let composed: ComposedVirtualNode;
let dataDir: string;
let beacon: BeaconClient;
let l1: L1Client;
const BLOCKS = 200;
const events: DriverEvent[] = [];
const registry = new Registry();
const metrics = createVirtualNodeMetrics(registry);

beforeAll(async () => {
  devnet = await Devnet.start({ clock: "fast" });
  runtime = devnet.runtimes[0] as DevnetChainRuntime;
  const jwtSecret = crypto.getRandomValues(new Uint8Array(32));
  replica = await runtime.chain.startReplica(mkdtempSync(join(tmpdir(), "vn-engine-")), jwtSecret);
  dataDir = mkdtempSync(join(tmpdir(), "vn-data-"));
  l1 = new L1Client(new RpcClient({ url: devnet.l1.url }));
  beacon = new BeaconClient({
    urls: [devnet.l1.beaconUrl],
    secondsPerSlot: devnet.l1.blockTime,
    commit: createKzgCommitment(),
  });
  replicaSecret = jwtSecret;
  composed = await compose(replica);
  // The sequencer runs ahead; the node derives what the batches on L1 carry.
  await devnet.produce(BLOCKS / 2);
}, 60_000);

afterAll(async () => {
  await composed?.node.stop();
  composed?.safeDb?.close();
  await replica?.stop();
  await devnet?.stop();
});

let replicaSecret: Uint8Array;

/** A virtual node of chain 901 on `engine`, with its SafeDB in the test's data dir. */
function compose(engine: ChainEngine): Promise<ComposedVirtualNode> {
  return createVirtualNode({
    rollup: runtime.chain.rollup,
    l1Chain: devnet.l1Chain,
    l1,
    beacon,
    engineUrl: engine.url,
    jwtSecret: replicaSecret,
    dataDir,
    metrics,
    onEvent: (event) => events.push(event),
  });
}

/** Steps the node until it has nothing more to derive. */
async function deriveAll(): Promise<void> {
  for (let idle = 0; idle < 3; ) {
    const step = await composed.node.step();
    idle = step === "idle" ? idle + 1 : 0;
    if (step === "idle") await composed.node.pollL1();
  }
}

describe("virtual node on the devnet", () => {
  test("local-safe equals the sequencer's block at every height up to 200, across Jovian and Interop", async () => {
    while (composed.controller.labels.localSafe.number < BLOCKS) {
      for (let i = 0; i < 20; i++) await devnet.tick();
      await deriveAll();
    }
    const sequencer = runtime.reader;
    for (let n = 1; n <= BLOCKS; n++) {
      const [ours, theirs] = await Promise.all([composed.reader.blockRef(n), sequencer.blockRef(n)]);
      expect(ours?.hash).toBe(theirs?.hash);
    }
    const { jovianTime, interopTime } = runtime.chain.rollup.hardforks;
    expect(jovianTime).toBeGreaterThan(runtime.chain.rollup.genesis.l2Time);
    expect(interopTime).toBeLessThan(runtime.chain.rollup.genesis.l2Time + BLOCKS);
    // Before interop has a say, safe follows local-safe.
    const status = composed.node.syncStatus();
    expect(status.safeL2.number).toBeGreaterThan(0);
    expect(status.localSafeL2.number).toBeGreaterThanOrEqual(BLOCKS);
    // Per-chain metrics: derived blocks, L1 blocks read, the start reset, head gauges.
    const text = await registry.metrics();
    const value = (pattern: RegExp) => Number(pattern.exec(text)?.[1] ?? Number.NaN);
    expect(
      value(/supernode_derivation_l2_blocks_total\{chain_id="901",how="built"\} (\d+)/),
    ).toBeGreaterThanOrEqual(BLOCKS);
    expect(value(/supernode_derivation_l1_blocks_total\{chain_id="901"\} (\d+)/)).toBeGreaterThan(50);
    expect(value(/supernode_derivation_resets_total\{chain_id="901",cause="start"\} (\d+)/)).toBe(1);
    expect(
      value(/supernode_l2_head_number\{chain_id="901",label="local_safe"\} (\d+)/),
    ).toBeGreaterThanOrEqual(BLOCKS);
    expect(text).toContain(
      'supernode_derivation_step_duration_seconds_bucket{le="0.001",chain_id="901",result="derived"}',
    );
  }, 80_000);

  test("L1 reorg of depth 3 after batches landed: the node resets, hashes match again, finalized never moves back", async () => {
    const resetsBefore = events.filter((e) => e.kind === "reset").length;
    let finalized = composed.controller.labels.finalized;
    expect(finalized.number).toBeGreaterThan(0);
    await devnet.l1.reorg(3);
    const target = composed.controller.labels.localSafe.number + 30;
    for (let round = 0; round < 30 && composed.controller.labels.localSafe.number < target; round++) {
      for (let i = 0; i < 10; i++) await devnet.tick();
      await deriveAll();
      const now = composed.controller.labels.finalized;
      expect(now.number).toBeGreaterThanOrEqual(finalized.number);
      if (now.number === finalized.number) expect(now.hash).toBe(finalized.hash);
      finalized = now;
    }
    expect(events.filter((e) => e.kind === "reset").length).toBeGreaterThan(resetsBefore);
    expect(composed.controller.labels.localSafe.number).toBeGreaterThanOrEqual(target);
    for (let n = 1; n <= target; n++) {
      const [ours, theirs] = await Promise.all([composed.reader.blockRef(n), runtime.reader.blockRef(n)]);
      expect(ours?.hash).toBe(theirs?.hash);
    }
  }, 60_000);

  test("SafeDB: L1 block → local-safe head, and optimism_safeHeadAtL1Block in op-node's shape", async () => {
    const db = composed.safeDb;
    const last = db?.lastEntry();
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
    expect(Object.keys(status).sort()).toEqual(
      [
        "current_l1",
        "current_l1_finalized",
        "head_l1",
        "safe_l1",
        "finalized_l1",
        "unsafe_l2",
        "safe_l2",
        "finalized_l2",
        "pending_safe_l2",
        "cross_unsafe_l2",
        "local_safe_l2",
      ].sort(),
    );
  });

  test("a restart on the same engine and data dir resumes from the engine's heads, not from genesis", async () => {
    const lastSafe = composed.controller.labels.localSafe.number;
    await composed.node.stop();
    composed.safeDb?.close();
    for (let i = 0; i < 20; i++) await devnet.tick();
    const before = events.length;
    composed = await compose(replica);
    await deriveAll();
    const derived = events.slice(before).filter((e) => e.kind === "derived");
    expect(derived.length).toBeGreaterThan(0);
    const first = (derived[0] as { block: { number: number } }).block.number;
    expect(first).toBe(lastSafe + 1);
    for (let n = lastSafe - 5; n <= composed.controller.labels.localSafe.number; n++) {
      const [ours, theirs] = await Promise.all([composed.reader.blockRef(n), runtime.reader.blockRef(n)]);
      expect(ours?.hash).toBe(theirs?.hash);
    }
  }, 40_000);

  test("the engine wiped (a fresh engine at genesis behind the SafeDB): entries truncated, re-derived, matching", async () => {
    await composed.node.stop();
    composed.safeDb?.close();
    const fresh = await runtime.chain.startReplica(mkdtempSync(join(tmpdir(), "vn-engine-")), replicaSecret);
    try {
      composed = await compose(fresh);
      expect(composed.safeDb?.lastEntry()?.safeHead.number).toBeGreaterThan(100);
      await deriveAll();
      const top = composed.controller.labels.localSafe.number;
      expect(top).toBeGreaterThan(100);
      expect(composed.safeDb?.lastEntry()?.safeHead.number).toBe(top);
      for (let n = 1; n <= top; n += 7) {
        const [ours, theirs] = await Promise.all([composed.reader.blockRef(n), runtime.reader.blockRef(n)]);
        expect(ours?.hash).toBe(theirs?.hash);
      }
    } finally {
      await composed.node.stop();
      composed.safeDb?.close();
      await fresh.stop();
    }
  }, 60_000);
});
