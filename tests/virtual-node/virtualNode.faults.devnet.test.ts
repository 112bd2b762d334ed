// The virtual node against bad and awkward batches on the devnet (fast clock, one chain, Holocene
// from genesis). Each test pauses the chain's batcher once what it sent has been derived, posts
// batches of its own making from the batcher's key, and watches the node's driver events and its
// local-safe chain. While the batcher is paused only the test's batches can move local-safe, so
// "nothing derived" means "refused". The first three tests end with the batcher resumed and the
// node back on the sequencer's chain, hash for hash; the last two leave it (deposits-only blocks).
import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import type { DriverEvent } from "@supernode/derivation";
import { DEPOSIT_TX_TYPE, type Hash, hexToBytes, type L2BlockRef } from "@supernode/protocol";
import {
  channelFrames,
  genesisBatcherKey,
  InboxPoster,
  landed,
  sequencerBlocks,
  singularBatch,
  spanBatch,
  unpayableTransaction,
  withTransactions,
} from "./support/craftedBatches.ts";
import { DevnetNode } from "./support/devnetNode.ts";

let h: DevnetNode;
let poster: InboxPoster;

beforeAll(async () => {
  h = await DevnetNode.start({ chains: 1 });
  poster = new InboxPoster(h.devnet, h.runtime, genesisBatcherKey(h.runtime, h.index));
  await h.deriveUntil(() => h.localSafe.number >= 20);
}, 30_000);

afterAll(async () => {
  await h?.stop();
});

const rollup = () => h.runtime.chain.rollup;
const WRONG_PARENT: Hash = `0x${"ab".repeat(32)}`;

/** Resumes the batcher until the node is `blocks` past `from`; every height equals the sequencer's. */
async function backOnTheSequencersChain(from: number, blocks = 15): Promise<void> {
  await h.resumeUntil(from + blocks);
  expect(await h.mismatches(1, h.localSafe.number)).toEqual([]);
}

const rawTransactions = async (n: number): Promise<readonly `0x${string}`[]> =>
  (await h.node.reader.payload(n))?.executionPayload.transactions ?? [];

describe("virtual node: faulty batches on the devnet", () => {
  test("span and singular batches whose parent check fails are dropped; the same span with the right parent is taken", async () => {
    const safe = await h.settleBatcher();
    const blocks = await sequencerBlocks(h.devnet, h.runtime, safe.number + 1, safe.number + 5);
    const mark = h.events.length;
    const logMark = h.warnings.length;
    // Two channels landing in one L1 block: a span batch and a singular batch with a wrong parent.
    const span = await poster.send(channelFrames([spanBatch(blocks, rollup(), WRONG_PARENT)]));
    const singular = await poster.send(
      channelFrames([singularBatch(blocks[0] as (typeof blocks)[0], WRONG_PARENT)]),
    );
    const spanL1 = await landed(h.devnet, span);
    const singularL1 = await landed(h.devnet, singular);
    expect(spanL1).toBe(singularL1);
    await h.deriveAll();
    expect(h.currentL1).toBeGreaterThanOrEqual(spanL1);
    expect(h.derivedSince(mark)).toEqual([]);
    expect(h.localSafe.hash).toBe(safe.hash);
    const drops = h.warningsSince(logMark).filter((line) => line.startsWith("dropping a batch"));
    expect(drops).toHaveLength(2);
    expect(drops.every((line) => /parent/i.test(line))).toBe(true);

    // The control: the very same span with its true parent is derived, block for block.
    await poster.post(channelFrames([spanBatch(blocks, rollup())]));
    await h.deriveAll();
    expect(h.derivedSince(mark)).toEqual(blocks.map((block) => block.number));
    expect(await h.mismatches(safe.number + 1, safe.number + 5)).toEqual([]);
    await backOnTheSequencersChain(safe.number + 5);
  }, 30_000);

  test("a channel whose two frames land more than the channel timeout apart is dropped; within it, taken", async () => {
    const safe = await h.settleBatcher();
    const timeout = rollup().channelTimeout;
    const blocks = await sequencerBlocks(h.devnet, h.runtime, safe.number + 1, safe.number + 4);
    const mark = h.events.length;
    const logMark = h.warnings.length;
    const late = channelFrames([spanBatch(blocks, rollup())], 2);
    const first = await poster.post(late.slice(0, 1));
    while ((await h.devnet.l1.head()).number <= first + timeout) {
      await h.ticks(10);
      await h.deriveAll();
    }
    const second = await poster.post(late.slice(1));
    expect(second - first).toBeGreaterThan(timeout);
    await h.deriveAll();
    expect(h.currentL1).toBeGreaterThanOrEqual(second);
    expect(h.derivedSince(mark)).toEqual([]);
    expect(h.localSafe.hash).toBe(safe.hash);
    expect(h.warningsSince(logMark)).toContain("dropping a timed-out channel and its next frame");

    // The same batch in a new channel whose two frames land in consecutive L1 blocks.
    const timely = channelFrames([spanBatch(blocks, rollup())], 2);
    const a = await poster.post(timely.slice(0, 1));
    const b = await poster.post(timely.slice(1));
    expect(b - a).toBeLessThanOrEqual(2);
    await h.deriveAll();
    expect(h.derivedSince(mark)).toEqual(blocks.map((block) => block.number));
    await backOnTheSequencersChain(safe.number + 4);
  }, 40_000);

  test("a span batch overlapping the safe head: only its blocks after the safe head are derived, none again", async () => {
    const safe = await h.settleBatcher();
    const blocks = await sequencerBlocks(h.devnet, h.runtime, safe.number - 4, safe.number + 6);
    const mark = h.events.length;
    // The true overlap: only the six blocks after the safe head are derived, none re-derived.
    await poster.post(channelFrames([spanBatch(blocks, rollup())]));
    await h.deriveAll();
    expect(h.derivedSince(mark)).toEqual([1, 2, 3, 4, 5, 6].map((i) => safe.number + i));
    expect(h.eventsSince(mark, "reset")).toEqual([]);
    expect(await h.mismatches(safe.number - 4, safe.number + 6)).toEqual([]);
    await backOnTheSequencersChain(safe.number + 6);
  }, 30_000);

  test("Holocene: a batch whose transaction cannot execute becomes the deposits-only block; derivation goes on from it", async () => {
    const safe = await h.settleBatcher();
    const [next, after] = await sequencerBlocks(h.devnet, h.runtime, safe.number + 1, safe.number + 2);
    if (!next || !after) throw new Error("the sequencer is not ahead");
    expect(next.parentHash).toBe(safe.hash);
    const mark = h.events.length;
    const logMark = h.warnings.length;
    await poster.post(
      channelFrames([spanBatch(withTransactions([next], [await unpayableTransaction(rollup())]), rollup())]),
    );
    await h.deriveAll();

    const replaced = depositsOnlyBlocks(mark);
    expect(replaced.map((block) => block.number)).toEqual([next.number]);
    const depositsOnly = replaced[0] as L2BlockRef;
    expect(h.eventsSince(mark, "dropped-attributes")).toEqual([]);
    expect(h.derivedSince(mark)).toEqual([next.number]);
    expect(h.localSafe.hash).toBe(depositsOnly.hash);
    expect(depositsOnly.parentHash).toBe(safe.hash);
    expect(h.warningsSince(logMark).some((line) => line.startsWith("derived payload invalid"))).toBe(true);

    // The node's block holds the deposits of that height and nothing else: the sequencer's
    // deposits, byte for byte (same L1 origin), without the sequencer's other transactions.
    const ours = await rawTransactions(next.number);
    const sequencers = (await h.runtime.reader.payload(next.number))?.executionPayload.transactions ?? [];
    expect(ours.length).toBeGreaterThan(0);
    expect(ours.every(isDeposit)).toBe(true);
    expect(ours).toEqual(sequencers.filter(isDeposit));
    expect(sequencers.length).toBeGreaterThan(ours.length);
    expect(depositsOnly.hash).not.toBe(next.hash);

    // Derivation goes on from the deposits-only block: a batch built on it is taken.
    await poster.post(channelFrames([spanBatch(withTransactions([after]), rollup(), depositsOnly.hash)]));
    await h.deriveAll();
    expect(h.derivedSince(mark)).toEqual([next.number, after.number]);
    expect(h.localSafe.number).toBe(after.number);
    expect(h.localSafe.parentHash).toBe(depositsOnly.hash);
    expect(h.localSafe.timestamp).toBe(after.timestamp);
  }, 30_000);

  // Holocene "Steady Block Derivation": after the replacement the rest of the span batch and of its
  // channel is flushed. A later block of that span must not be derived on the deposits-only block.
  test("Holocene: the rest of the span after a deposits-only replacement is flushed, not derived on the replacement", async () => {
    const safe = await h.settleBatcher();
    // The node left the sequencer's chain in the test before: the sequencer's blocks give the
    // heights' timestamps and L1 origins, the node's safe head the parent.
    const [next, after] = await sequencerBlocks(h.devnet, h.runtime, safe.number + 1, safe.number + 2);
    if (!next || !after) throw new Error("the sequencer is not ahead");
    const mark = h.events.length;
    const [bad] = withTransactions([next], [await unpayableTransaction(rollup())]);
    const [empty] = withTransactions([after]);
    await poster.post(
      channelFrames([spanBatch([bad as typeof next, empty as typeof after], rollup(), safe.hash as Hash)]),
    );
    await h.deriveAll();
    expect(depositsOnlyBlocks(mark).map((block) => block.number)).toEqual([next.number]);
    expect(h.derivedSince(mark)).toEqual([next.number]);
    expect(h.localSafe.number).toBe(next.number);
  }, 30_000);
});

const isDeposit = (tx: string): boolean => hexToBytes(tx as `0x${string}`)[0] === DEPOSIT_TX_TYPE;

function depositsOnlyBlocks(mark: number): L2BlockRef[] {
  return (h.eventsSince(mark, "deposits-only") as Extract<DriverEvent, { kind: "deposits-only" }>[]).map(
    (event) => event.block,
  );
}
