// Before Holocene an invalid payload is not replaced: its attributes are dropped and the batch
// queue offers the next batch for that height (specs "Engine Queue"; reference/derivation.md
// §1.10). On the devnet's `holocene-mid-run` schedule (Granite at genesis, Holocene 6 s later) the
// chain's batcher is paused from the start, a batch for block 1 carrying a transaction that cannot
// execute lands first, then the batcher posts the real blocks.
import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { ForkSchedule } from "@supernode/protocol";
import {
  channelFrames,
  genesisBatcherKey,
  InboxPoster,
  sequencerBlocks,
  singularBatch,
  unpayableTransaction,
  withTransactions,
} from "./support/craftedBatches.ts";
import { DevnetNode } from "./support/devnetNode.ts";

let h: DevnetNode;

beforeAll(async () => {
  h = await DevnetNode.start({ chains: 1, forks: "holocene-mid-run" });
  h.devnet.pauseBatcher(h.index);
}, 30_000);

afterAll(async () => {
  await h?.stop();
});

describe("virtual node before Holocene", () => {
  test("an invalid payload's attributes are dropped (no deposits-only block); the real batch for that height is derived next", async () => {
    const rollup = h.runtime.chain.rollup;
    const forks = new ForkSchedule(rollup);
    const [first] = await sequencerBlocks(h.devnet, h.runtime, 1, 1);
    if (!first) throw new Error("the sequencer has no block 1");
    expect(forks.isHolocene(first.timestamp)).toBe(false);

    const poster = new InboxPoster(h.devnet, h.runtime, genesisBatcherKey(h.runtime, h.index));
    const [bad] = withTransactions([first], [await unpayableTransaction(rollup)]);
    const landedAt = await poster.post(channelFrames([singularBatch(bad as typeof first)]));
    const inclusion = await h.devnet.l1.anvil.rpc<{ timestamp: `0x${string}` }>("eth_getBlockByNumber", [
      `0x${landedAt.toString(16)}`,
      false,
    ]);
    expect(forks.isHolocene(Number(inclusion.timestamp))).toBe(false);
    const logMark = h.warnings.length;
    await h.deriveAll();

    const dropped = h.eventsSince(0, "dropped-attributes");
    expect(dropped).toHaveLength(1);
    expect(h.eventsSince(0, "deposits-only")).toEqual([]);
    expect(h.derivedSince(0)).toEqual([]);
    expect(h.localSafe.number).toBe(0);
    expect(
      h.warningsSince(logMark).some((line) => line.startsWith("derived payload invalid: attributes dropped")),
    ).toBe(true);

    // The batcher's real batches: block 1 is the sequencer's, and the chain follows across the
    // Holocene, Isthmus, Jovian and Interop activations.
    await h.resumeUntil(30);
    expect(h.derivedSince(0)[0]).toBe(1);
    expect(h.eventsSince(0, "dropped-attributes", "deposits-only")).toHaveLength(1);
    expect(await h.mismatches(1, h.localSafe.number)).toEqual([]);
    expect(forks.isInterop(h.localSafe.timestamp)).toBe(true);
  }, 60_000);
});
