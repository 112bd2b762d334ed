// An L1 reorg of depth 3 under the compiled supernode, after batches landed in the blocks it
// replaces and after the supernode read them: it notices (a reset for an L1 reorg on each chain),
// derives on along the new canonical L1 (where the batchers re-posted), and its replicas again
// hold the sequencers' blocks; the followers see finalized never move back and every reported L1
// block canonical; the SafeDB keeps nothing derived from the replaced L1 blocks.
import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import type { Hash, Hex } from "@supernode/protocol";
import { E2ENetwork } from "./support/e2eNetwork.ts";

const DEPTH = 3;

let net: E2ENetwork;

interface L1Block {
  number: Hex;
  hash: Hash;
  transactions: { to: string | null }[];
}

const l1Block = (number: number) =>
  net.devnet.l1.anvil.rpc<L1Block>("eth_getBlockByNumber", [`0x${number.toString(16)}`, true]);

/** Batcher transactions (to a 0xff00… inbox) in the last `depth` L1 blocks. */
async function batchesInTop(depth: number): Promise<number> {
  const head = (await net.devnet.l1.head()).number;
  let count = 0;
  for (let n = head - depth + 1; n <= head; n++)
    count += (await l1Block(n)).transactions.filter((tx) => tx.to?.startsWith("0xff00")).length;
  return count;
}

beforeAll(async () => {
  net = await E2ENetwork.startRunning();
}, 120_000);

afterAll(async () => {
  await net?.stop();
}, 30_000);

describe("supernode binary on the devnet: L1 reorg", () => {
  test(`a depth-${DEPTH} reorg after batches landed: it recovers, matches the sequencers, finalized never reverts`, async () => {
    await net.driveToLocalSafe(30, 200);
    // Batches in the blocks the reorg replaces, read by the supernode on both chains.
    let head = (await net.devnet.l1.head()).number;
    for (let i = 0; i < 20 && (await batchesInTop(DEPTH)) === 0; i++) await net.devnet.tick();
    expect(await batchesInTop(DEPTH)).toBeGreaterThan(0);
    head = (await net.devnet.l1.head()).number;
    await net.waitFor(
      (statuses) =>
        statuses.size === net.chains.length &&
        [...statuses.values()].every((s) => s.current_l1.number >= head),
      20_000,
    );
    const before = await net.statuses();
    const replaced = (await l1Block(head)).hash;
    const resetsBefore = await Promise.all(
      net.chains.map((c) =>
        net.metric("supernode_derivation_resets_total", { chain_id: c.id, cause: "l1-reorg" }),
      ),
    );

    await net.devnet.l1.reorg(DEPTH);
    expect((await l1Block(head)).hash).not.toBe(replaced);

    const targets = new Map([...before].map(([id, s]) => [id, s.local_safe_l2.number + 30]));
    const after = await net.drive(
      (statuses) =>
        [...targets].every(([id, target]) => (statuses.get(id)?.local_safe_l2.number ?? 0) >= target),
      { maxTicks: 200 },
    );
    const reports = await net.stopFollowers();

    for (const [index, chain] of net.chains.entries()) {
      // It saw the reorg (its current L1 was in the replaced blocks) and reset for it.
      expect(
        await net.metric("supernode_derivation_resets_total", { chain_id: chain.id, cause: "l1-reorg" }),
      ).toBeGreaterThan(resetsBefore[index] ?? 0);
      const status = after.get(chain.id);
      expect(await net.replicaMismatches(chain.id, 1, status?.local_safe_l2.number ?? 0)).toEqual([]);
      expect(await net.reportedMismatches(chain.id)).toEqual([]);
      // Its SafeDB forgot what it derived from the replaced L1 blocks: at each of them it now names
      // a canonical L1 block and a safe head that is the sequencer's block.
      for (let n = head - DEPTH + 1; n <= head; n++) {
        const at = await net.rpc<{
          l1Block: { hash: Hash; number: number };
          safeHead: { hash: Hash; number: number };
        }>(`/${chain.id}`, "optimism_safeHeadAtL1Block", [`0x${n.toString(16)}`]);
        expect(at.l1Block.hash).toBe((await l1Block(at.l1Block.number)).hash);
        const runtime = net.devnet.runtimes.find((r) => String(r.chain.chainId) === chain.id);
        expect((await runtime?.reader.blockRef(at.safeHead.number))?.hash).toBe(at.safeHead.hash);
      }
    }
    for (const report of reports) {
      expect(report.violations).toEqual([]);
      expect(report.polls).toBeGreaterThan(10);
      expect(report.unreachable).toBe(0);
    }
  }, 240_000);
});
