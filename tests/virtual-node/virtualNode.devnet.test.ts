// The virtual node on the devnet (fast clock): a second engine of chain 901, from the same
// genesis, driven only by what the virtual node derives from L1 (the batches in blobs, the
// deposits in the L1 receipts). Its local-safe chain must equal the sequencer's block for block,
// across the Jovian and Interop activation blocks.
import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { type ChainEngine, Devnet, type DevnetChainRuntime } from "@supernode/devnet";
import { BeaconClient, createKzgCommitment, L1Client, RpcClient } from "@supernode/l1-source";
import { type ComposedVirtualNode, createVirtualNode } from "@supernode/supernode/virtual-node";

let devnet: Devnet;
let runtime: DevnetChainRuntime;
let replica: ChainEngine;
let composed: ComposedVirtualNode;
const BLOCKS = 200;

beforeAll(async () => {
  devnet = await Devnet.start({ clock: "fast" });
  runtime = devnet.runtimes[0] as DevnetChainRuntime;
  const jwtSecret = crypto.getRandomValues(new Uint8Array(32));
  replica = await runtime.chain.startReplica(mkdtempSync(join(tmpdir(), "vn-engine-")), jwtSecret);
  composed = await createVirtualNode({
    rollup: runtime.chain.rollup,
    l1Chain: devnet.l1Chain,
    l1: new L1Client(new RpcClient({ url: devnet.l1.url })),
    beacon: new BeaconClient({
      urls: [devnet.l1.beaconUrl],
      secondsPerSlot: devnet.l1.blockTime,
      commit: createKzgCommitment(),
    }),
    engineUrl: replica.url,
    jwtSecret,
  });
  // The sequencer runs ahead; the node derives what the batches on L1 carry.
  await devnet.produce(BLOCKS / 2);
}, 60_000);

afterAll(async () => {
  await composed?.node.stop();
  await replica?.stop();
  await devnet?.stop();
});

/** Steps the node until it has nothing more to derive. */
async function deriveAll(): Promise<void> {
  for (let idle = 0; idle < 3; ) {
    const step = await composed.node.driver.step();
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
  }, 80_000);
});
