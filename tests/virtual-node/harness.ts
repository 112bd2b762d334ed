// A devnet with a virtual node of chain 901 on a replica engine (imported only by tests): the
// sequencer's engine makes the chain, the replica is driven only by what the node derives from L1.
import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { createVirtualNodeMetrics, type DriverEvent, type SafetyAuthority } from "@supernode/derivation";
import { type ChainEngine, Devnet, type DevnetChainRuntime, type DevnetOptions } from "@supernode/devnet";
import { BeaconClient, createKzgCommitment, L1Client, RpcClient } from "@supernode/l1-source";
import { type ComposedVirtualNode, createVirtualNode } from "@supernode/supernode/virtual-node";
import { Registry } from "prom-client";

export interface Harness {
  readonly devnet: Devnet;
  readonly runtime: DevnetChainRuntime;
  readonly events: DriverEvent[];
  readonly registry: Registry;
  /** A fresh replica engine of chain 901 (the caller stops it). */
  replica(): Promise<ChainEngine>;
  /** A virtual node on `engine` with the harness's SafeDB dir (or none with `dataDir: null`). */
  compose(
    engine: ChainEngine,
    options?: { dataDir?: string | null; authority?: SafetyAuthority },
  ): Promise<ComposedVirtualNode>;
  stop(): Promise<void>;
}

/** A fast-clock devnet (options: batch type, data mode, compression, fork schedule…). */
export async function startHarness(options: Omit<DevnetOptions, "clock"> = {}): Promise<Harness> {
  const devnet = await Devnet.start({ ...options, clock: "fast" });
  const runtime = devnet.runtimes[0] as DevnetChainRuntime;
  const secret = crypto.getRandomValues(new Uint8Array(32));
  const dataDir = mkdtempSync(join(tmpdir(), "vn-data-"));
  const l1 = new L1Client(new RpcClient({ url: devnet.l1.url }));
  const beacon = new BeaconClient({
    urls: [devnet.l1.beaconUrl],
    secondsPerSlot: devnet.l1.blockTime,
    commit: createKzgCommitment(),
  });
  const events: DriverEvent[] = [];
  const registry = new Registry();
  const metrics = createVirtualNodeMetrics(registry);
  return {
    devnet,
    runtime,
    events,
    registry,
    replica: () => runtime.chain.startReplica(mkdtempSync(join(tmpdir(), "vn-engine-")), secret),
    compose: (engine, options = {}) =>
      createVirtualNode({
        rollup: runtime.chain.rollup,
        l1Chain: devnet.l1Chain,
        l1,
        beacon,
        engineUrl: engine.url,
        jwtSecret: secret,
        ...(options.dataDir === null ? {} : { dataDir: options.dataDir ?? dataDir }),
        ...(options.authority ? { authority: options.authority } : {}),
        metrics,
        onEvent: (event) => events.push(event),
      }),
    stop: () => devnet.stop(),
  };
}

/** Steps the node until it has nothing more to derive (polling L1 heads when idle). */
export async function deriveAll(composed: ComposedVirtualNode): Promise<void> {
  for (let idle = 0; idle < 3; ) {
    const step = await composed.node.step();
    idle = step === "idle" ? idle + 1 : 0;
    if (step === "idle") await composed.node.pollL1();
  }
}

/** Ticks the devnet and derives until the node's local-safe head reaches `blocks`. */
export async function deriveUntil(
  harness: Harness,
  composed: ComposedVirtualNode,
  blocks: number,
): Promise<void> {
  while (composed.controller.labels.localSafe.number < blocks) {
    for (let i = 0; i < 20; i++) await harness.devnet.tick();
    await deriveAll(composed);
  }
}

/** Expects the node's blocks `from…to` to be the sequencer's. */
export async function sameBlocks(
  harness: Harness,
  composed: ComposedVirtualNode,
  from: number,
  to: number,
  stride = 1,
): Promise<{ number: number; ours?: string; theirs?: string }[]> {
  const differing: { number: number; ours?: string; theirs?: string }[] = [];
  for (let n = from; n <= to; n += stride) {
    const [ours, theirs] = await Promise.all([
      composed.reader.blockRef(n),
      harness.runtime.reader.blockRef(n),
    ]);
    if (ours?.hash !== theirs?.hash)
      differing.push({
        number: n,
        ...(ours ? { ours: ours.hash } : {}),
        ...(theirs ? { theirs: theirs.hash } : {}),
      });
  }
  return differing;
}

/** op-node's SyncStatus JSON keys: what optimism_syncStatus must answer, no more, no less. */
export const OP_NODE_SYNC_STATUS_KEYS = [
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
] as const;

/**
 * One test file's worth: a devnet with `options`, a virtual node on a replica engine, and the
 * check that its local-safe chain equals the sequencer's at every height up to `blocks`, with
 * no payload dropped or replaced.
 */
export function describeSequencerMatch(
  title: string,
  options: Omit<DevnetOptions, "clock">,
  blocks = 200,
): void {
  let harness: Harness;
  let replica: ChainEngine;
  let composed: ComposedVirtualNode;
  beforeAll(async () => {
    harness = await startHarness(options);
    replica = await harness.replica();
    composed = await harness.compose(replica, { dataDir: null });
    await harness.devnet.produce(blocks / 2);
  }, 60_000);
  afterAll(async () => {
    await composed?.node.stop();
    await replica?.stop();
    await harness?.stop();
  });
  describe(`virtual node on the devnet: ${title}`, () => {
    test(`local-safe equals the sequencer's block at every height up to ${blocks}`, async () => {
      await deriveUntil(harness, composed, blocks);
      expect(await sameBlocks(harness, composed, 1, blocks)).toEqual([]);
      expect(harness.events.some((e) => e.kind === "deposits-only" || e.kind === "dropped-attributes")).toBe(
        false,
      );
    }, 80_000);
  });
}
