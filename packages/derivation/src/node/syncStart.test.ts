// Sync start over a fake L1 and engine with a real SafeDB: the safe head walks back below blocks
// whose L1 origin a reorg removed, and below blocks derived from L1 blocks a reorg removed even
// when their origins stayed canonical; without a reorg in its history nothing moves.
import { afterAll, describe, expect, test } from "bun:test";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import {
  type Hash,
  type L1BlockRef,
  type L2BlockRef,
  opSepolia,
  type RollupConfig,
} from "@supernode/protocol";
import { SafeDB } from "../safedb/safeDB.ts";
import type { NodeEngine, NodeL1 } from "./ports.ts";
import { findSyncStart } from "./syncStart.ts";

const root = mkdtempSync(join(tmpdir(), "sync-start-"));
afterAll(() => rmSync(root, { recursive: true, force: true }));

const hash = (tag: number, n: number): Hash =>
  `0x${tag.toString(16).padStart(2, "0")}${n.toString(16).padStart(62, "0")}`;
/** L2 block n has L1 origin n / 2 (two L2 blocks per L1 block); L2 genesis at L1 0. */
const rollup: RollupConfig = {
  ...opSepolia,
  genesis: {
    ...opSepolia.genesis,
    l1: { hash: hash(1, 0), number: 0 },
    l2: { hash: hash(2, 0), number: 0 },
  },
  channelTimeout: 2,
  seqWindowSize: 4,
};
const l2 = (n: number): L2BlockRef => ({
  hash: hash(2, n),
  number: n,
  parentHash: hash(2, n - 1),
  timestamp: n,
  l1origin: { hash: hash(1, Math.floor(n / 2)), number: Math.floor(n / 2) },
  sequenceNumber: n % 2,
});

/** L1 whose blocks from `reorgedFrom` on were replaced (tag 9). */
function l1(reorgedFrom = Number.POSITIVE_INFINITY): NodeL1 {
  const ref = (n: number): L1BlockRef => ({
    hash: hash(n >= reorgedFrom ? 9 : 1, n),
    number: n,
    parentHash: hash(n - 1 >= reorgedFrom ? 9 : 1, n - 1),
    timestamp: n * 12,
  });
  return { canonicalRef: async (n: number) => ref(n) } as unknown as NodeL1;
}

function engine(localSafe: number): NodeEngine {
  const head = l2(localSafe);
  return {
    heads: { unsafe: head, localSafe: head, safe: head, finalized: l2(0) },
    blockRef: async (at: number | string) =>
      typeof at === "number" ? l2(at) : l2(Number.parseInt(String(at).slice(4), 16)),
    systemConfigByHash: async () => rollup.genesis.systemConfig,
  } as unknown as NodeEngine;
}

let files = 0;
/** A SafeDB where L2 block 2k + 1 became safe at L1 block k + 3 (batches land 3 L1 blocks later). */
function history(throughL1: number): SafeDB {
  const db = SafeDB.open(join(root, String(++files), "safe.db"), {
    chainId: rollup.l2ChainId,
    genesisHash: rollup.genesis.l2.hash,
  });
  for (let k = 0; k + 3 <= throughL1; k++) db.record({ hash: hash(1, k + 3), number: k + 3 }, l2(2 * k + 1));
  return db;
}

describe("findSyncStart", () => {
  test("no reorg: the engine's local-safe head is the safe head, and the SafeDB keeps everything", async () => {
    const db = history(20);
    const start = await findSyncStart({ rollup, l1: l1(), engine: engine(35), history: db });
    expect(start.safeHead.number).toBe(35);
    expect(start.removedFromL1).toBeNull();
    expect(start.l1Origin.number).toBe(15);
    db.close();
  });

  test("a reorg of L1 blocks that held batches: blocks derived from them are derived again", async () => {
    // L1 18.. replaced. Block 35's origin (17) is canonical, but it became safe at L1 19.
    const db = history(20);
    const start = await findSyncStart({ rollup, l1: l1(18), engine: engine(35), history: db });
    // The newest entry at a canonical L1 block: L1 17 → L2 29.
    expect(start.safeHead.number).toBe(29);
    expect(start.removedFromL1).toBe(18);
    db.close();
  });

  test("origins removed too: the walk back by origin and by history both apply", async () => {
    const db = history(20);
    const start = await findSyncStart({ rollup, l1: l1(12), engine: engine(35), history: db });
    // Origins from L1 12 on are gone (L2 ≥ 24); history at canonical L1 11 → L2 17.
    expect(start.safeHead.number).toBe(17);
    expect(start.removedFromL1).toBe(12);
    db.close();
  });

  test("every entry removed: back to blocks whose origin is a sequencing window before the oldest", async () => {
    const db = history(6); // entries at L1 3..6
    const start = await findSyncStart({ rollup, l1: l1(3), engine: engine(5), history: db });
    expect(start.removedFromL1).toBe(3);
    // Origins below 3 - 4 < 0: nothing qualifies above genesis.
    expect(start.safeHead.number).toBe(0);
    db.close();
  });

  test("without history only the origins are checked (as before)", async () => {
    const start = await findSyncStart({ rollup, l1: l1(18), engine: engine(35) });
    expect(start.safeHead.number).toBe(35);
    expect(start.removedFromL1).toBeNull();
  });
});
