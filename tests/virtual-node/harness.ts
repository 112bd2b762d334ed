// A devnet with a virtual node of chain 901 on a replica engine (imported only by tests): the
// sequencer's engine makes the chain, the replica is driven only by what the node derives from L1.
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
