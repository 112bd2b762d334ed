#!/usr/bin/env bun
// Catch-up speed of one virtual node on the devnet (fast clock): the devnet makes BENCH_BLOCKS
// blocks on chain 901 (with traffic) and batches them; then a virtual node on a fresh replica
// engine derives them all. Reports L2 blocks/s derived and inserted through the devnet engine,
// and the share of the time spent in engine calls (build/insert) versus derivation (L1 reads,
// decoding, batch checks, attributes).
// Run: bun bench/virtual-node/virtualNode.bench.ts
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Devnet } from "../../apps/devnet/src/devnet.ts";
import { tickUntilBatched } from "../../apps/devnet/src/test/devnetChecks.ts";
import { nodeBlobs, nodeEngine, nodeL1 } from "../../apps/supernode/src/virtualNode/index.ts";
import { VirtualNode } from "../../packages/derivation/src/index.ts";
import {
  createEngineTransport,
  EngineClient,
  EngineController,
  L2Reader,
} from "../../packages/engine-api/src/index.ts";
import {
  BeaconClient,
  createKzgCommitment,
  L1Client,
  RpcClient,
} from "../../packages/l1-source/src/index.ts";
import { ForkSchedule } from "../../packages/protocol/src/index.ts";

const BLOCKS = Number(process.env.BENCH_BLOCKS ?? 400);
const devnet = await Devnet.start({ clock: "fast", chains: 1 });
try {
  console.error(`devnet: producing and batching ${BLOCKS} blocks…`);
  await devnet.produce(BLOCKS);
  await tickUntilBatched(devnet, BLOCKS, 400);
  const runtime = devnet.runtimes[0];
  if (!runtime) throw new Error("no chain");
  const secret = crypto.getRandomValues(new Uint8Array(32));
  const replica = await runtime.chain.startReplica(mkdtempSync(join(tmpdir(), "bench-vn-")), secret);
  try {
    const rollup = runtime.chain.rollup;
    const forks = new ForkSchedule(rollup);
    const call = createEngineTransport({ url: replica.url, jwtSecret: secret });
    const reader = new L2Reader({ call, forks, genesis: rollup.genesis });
    const controller = await EngineController.open(new EngineClient(call, forks), reader, forks);
    const engine = nodeEngine(controller, reader, rollup);
    let engineMs = 0;
    const timedEngine = Object.create(engine) as typeof engine;
    timedEngine.applyDerived = async (attributes, parent) => {
      const started = performance.now();
      try {
        return await engine.applyDerived(attributes, parent);
      } finally {
        engineMs += performance.now() - started;
      }
    };
    timedEngine.promote = async (update) => {
      const started = performance.now();
      try {
        return await engine.promote(update);
      } finally {
        engineMs += performance.now() - started;
      }
    };
    const node = new VirtualNode({
      rollup,
      l1Chain: devnet.l1Chain,
      l1: nodeL1(new L1Client(new RpcClient({ url: devnet.l1.url }))),
      blobs: nodeBlobs(
        new BeaconClient({
          urls: [devnet.l1.beaconUrl],
          secondsPerSlot: devnet.l1.blockTime,
          commit: createKzgCommitment(),
        }),
      ),
      engine: timedEngine,
    });
    const target = Math.min(BLOCKS, runtime.sequencer.head.number);
    const started = performance.now();
    while (controller.labels.localSafe.number < target) {
      if ((await node.step()) === "idle")
        throw new Error(`idle at ${controller.labels.localSafe.number} before ${target}`);
    }
    const seconds = (performance.now() - started) / 1000;
    const derived = controller.labels.localSafe.number;
    const check = await runtime.reader.blockRef(derived);
    if (check?.hash !== controller.labels.localSafe.hash)
      throw new Error("the derived chain is not the sequencer's");
    console.log(
      `derived ${derived} L2 blocks (with traffic) in ${seconds.toFixed(2)} s = ${(derived / seconds).toFixed(1)} blocks/s`,
    );
    console.log(
      `engine calls (build/insert, promote): ${((engineMs / 1000 / seconds) * 100).toFixed(0)} % of the time; derivation and L1 reads: ${(100 - (engineMs / 1000 / seconds) * 100).toFixed(0)} %`,
    );
  } finally {
    await replica.stop();
  }
} finally {
  await devnet.stop();
}
