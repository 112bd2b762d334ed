// The virtual node across L1 system config changes, on the devnet (fast clock, one chain): the
// SystemConfig owner (dev account 0) makes another key the batcher and lowers the gas limit; the
// devnet's batcher switches to the new key; the node is restarted after the change. The node must
// keep deriving the sequencer's chain byte for byte, take batches from the new batcher only, and
// build blocks with the new gas limit from the change's L1 block on.
import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { Batcher, devAddress, devKey, L1Contracts, type L1Deployment } from "@supernode/devnet";
import type { Hash, Hex } from "@supernode/protocol";
import {
  channelFrames,
  genesisBatcherKey,
  InboxPoster,
  landed,
  sequencerBlocks,
  spanBatch,
  withTransactions,
} from "./support/craftedBatches.ts";
import { DevnetNode } from "./support/devnetNode.ts";

/** Not one of the devnet's roles (0 owner, 7–8 depositors, 10 + i batchers): funded by the test. */
const NEW_BATCHER = 20;
const GENESIS_GAS_LIMIT = 30_000_000n;
const NEW_GAS_LIMIT = 25_000_000n;

let h: DevnetNode;

beforeAll(async () => {
  h = await DevnetNode.start({ chains: 1 });
}, 30_000);

afterAll(async () => {
  await h?.stop();
});

describe("virtual node: batcher and gas limit changed on L1, node restarted", () => {
  test("derived blocks stay the sequencer's, the new batcher's batches are taken, the new gas limit applies", async () => {
    const { devnet, runtime } = h;
    const rollup = runtime.chain.rollup;
    expect(BigInt(rollup.genesis.systemConfig.gasLimit)).toBe(GENESIS_GAS_LIMIT);

    // Derive with the genesis batcher, then stop it once what it sent has been derived.
    await h.deriveUntil(() => h.localSafe.number >= 20);
    const settled = await h.settleBatcher();

    // The owner changes the batcher and the gas limit, in one L1 block.
    const owner = await L1Contracts.connect(
      { l1Url: devnet.l1.url, key: devKey(0) },
      devnet.contracts[h.index] as L1Deployment,
    );
    const newBatcher = devAddress(NEW_BATCHER);
    await devnet.l1.anvil.rpc("anvil_setBalance", [newBatcher, `0x${(10n ** 22n).toString(16)}`]);
    const updates: Hash[] = [
      await owner.setConfig({ type: "batcher", batcher: newBatcher }),
      await owner.setConfig({ type: "gasLimit", gasLimit: NEW_GAS_LIMIT }),
    ];
    const changeBlocks: number[] = [];
    for (const hash of updates) changeBlocks.push(await landed(devnet, hash));
    const change = changeBlocks[0] as number;
    expect(changeBlocks).toEqual([change, change]);

    // The old key after the change: blocks the sequencer did not build (no transactions). Taking
    // them would put blocks unlike the sequencer's into the local-safe chain.
    const next = await sequencerBlocks(devnet, runtime, settled.number + 1, settled.number + 5);
    expect(next.some((block) => block.transactions.length > 0)).toBe(true);
    const old = new InboxPoster(devnet, runtime, genesisBatcherKey(runtime, h.index));
    const oldPost = await old.post(channelFrames([spanBatch(withTransactions(next), rollup)]));
    expect(oldPost).toBeGreaterThan(change);
    let mark = h.events.length;
    await h.deriveAll();
    expect(h.currentL1).toBeGreaterThanOrEqual(oldPost);
    expect(h.derivedSince(mark)).toEqual([]);
    expect(h.localSafe.hash).toBe(settled.hash);

    // The devnet's batcher continues with the new key, after the last block the old one posted.
    devnet.replaceBatcher(
      h.index,
      new Batcher({
        l1Url: devnet.l1.url,
        l2Url: runtime.chain.engineUrl,
        l2JwtSecret: runtime.chain.jwtSecret,
        batcherKey: devKey(NEW_BATCHER) as Hex,
        rollup,
        startAfter: settled.number,
      }),
    );
    expect(runtime.batcher.address).toBe(newBatcher);
    mark = h.events.length;
    devnet.pauseBatcher(h.index, false);
    // Until the node has derived blocks built on the change's L1 block (their L1-info deposit
    // carries the new batcher, their header the new gas limit).
    await h.deriveUntil(() => h.localSafe.l1origin.number >= change + 2);
    expect(h.derivedSince(mark)[0]).toBe(settled.number + 1);

    // Restart after the change: the pipeline restarts a channel timeout of L1 blocks back, from a
    // system config rebuilt from the engine, and must take the change again from L1.
    const beforeRestart = h.localSafe;
    await h.restart();
    mark = h.events.length;
    await h.deriveUntil(() => h.localSafe.number >= beforeRestart.number + 40);
    const derived = h.derivedSince(mark);
    expect(derived[0]).toBe(beforeRestart.number + 1);
    expect(h.eventsSince(mark, "deposits-only", "dropped-attributes")).toEqual([]);

    // Byte-identical to the sequencer's chain at every height.
    const top = h.localSafe.number;
    expect(await h.mismatches(1, top)).toEqual([]);

    // The gas limit follows the L1 origin: the genesis value before the change's block, the new
    // one from it on; both kinds are in the derived chain.
    const limits = { before: 0, after: 0 };
    for (let n = 1; n <= top; n++) {
      const block = await h.node.reader.block(n);
      const after = (block?.ref.l1origin.number ?? 0) >= change;
      expect(block?.header.gasLimit).toBe(after ? NEW_GAS_LIMIT : GENESIS_GAS_LIMIT);
      limits[after ? "after" : "before"]++;
    }
    expect(limits.before).toBeGreaterThan(settled.number);
    expect(limits.after).toBeGreaterThan(20);
  }, 80_000);
});
