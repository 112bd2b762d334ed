// Sync start (specs "Resetting the Pipeline"; op-node sync/start.go FindL2Heads): where derivation
// restarts after a start, an L1 reorg or an engine that lost data. From the engine's local-safe
// head, walk back to a block whose L1 origin is canonical (blocks built on L1 blocks a reorg
// removed cannot stay safe), then below every block the SafeDB says was derived from an L1 block
// a reorg removed (its batch may be different, or gone, on the new chain); that block is the safe
// head. The pipeline then starts one channel
// timeout of L1 origins further back, so channels still open at the safe head are read again,
// with the system config rebuilt from that L2 block (its L1-info deposit and header).
import type {
  BlockID,
  L1BlockRef,
  L2BlockRef,
  Logger,
  RollupConfig,
  SystemConfig,
} from "@supernode/protocol";
import { DerivationError } from "../errors.ts";
import type { NodeEngine, NodeL1 } from "./ports.ts";

export interface SyncStart {
  readonly safeHead: L2BlockRef;
  /** The L1 block the pipeline restarts at. */
  readonly l1Origin: L1BlockRef;
  /** The system config as of the pipeline base's L2 block. */
  readonly systemConfig: SystemConfig;
  /** The oldest SafeDB entry's L1 block a reorg removed (entries from it on must go), or null. */
  readonly removedFromL1: number | null;
}

/** The SafeDB read back: which L2 head was local-safe after which L1 block. */
export interface SafeHeadHistory {
  lastEntry(): { readonly l1Block: BlockID; readonly safeHead: BlockID } | null;
  /** The entry at the highest L1 number below `l1Number`, or null. */
  entryBefore(l1Number: number): { readonly l1Block: BlockID; readonly safeHead: BlockID } | null;
  /** Drops the entries at L1 `l1Number` and above; how many went. */
  truncateFromL1(l1Number: number): number;
}

export interface SyncStartOptions {
  readonly rollup: RollupConfig;
  readonly l1: NodeL1;
  readonly engine: NodeEngine;
  /** The SafeDB: blocks derived from L1 blocks a reorg removed are not kept safe (see below). */
  readonly history?: SafeHeadHistory;
  readonly logger?: Logger;
}

async function parentOf(engine: NodeEngine, block: L2BlockRef): Promise<L2BlockRef> {
  const parent = await engine.blockRef(block.parentHash);
  if (!parent)
    throw new DerivationError(
      "temporary",
      "sync-start",
      `the engine does not have ${block.number - 1} (${block.parentHash})`,
    );
  return parent;
}

async function canonical(l1: NodeL1, block: BlockID): Promise<boolean> {
  const ref = await l1.canonicalRef(block.number);
  return ref !== null && ref.hash.toLowerCase() === block.hash.toLowerCase();
}

/**
 * The highest L2 block that was derived from canonical L1 alone: the safe head of the newest SafeDB
 * entry whose L1 block is still canonical. A block can have a canonical L1 origin and still have
 * been derived from a batch in an L1 block a reorg removed; it must be derived again. When every
 * entry is gone with the reorg, the bound is op-node's: blocks whose L1 origin is a sequencing
 * window before the oldest removed entry, by when their batches were due. Null: no history.
 */
async function derivedFromCanonicalL1(options: SyncStartOptions): Promise<{
  readonly safeHead?: BlockID;
  readonly originBelow?: number;
  readonly removedFromL1: number;
} | null> {
  const { history, l1 } = options;
  let entry = history?.lastEntry() ?? null;
  if (!history || !entry) return null;
  let oldestRemoved: number | null = null;
  while (entry && !(await canonical(l1, entry.l1Block))) {
    oldestRemoved = entry.l1Block.number;
    entry = history.entryBefore(entry.l1Block.number);
  }
  if (oldestRemoved === null) return null;
  if (entry) return { safeHead: entry.safeHead, removedFromL1: oldestRemoved };
  return { originBelow: oldestRemoved - options.rollup.seqWindowSize, removedFromL1: oldestRemoved };
}

export async function findSyncStart(options: SyncStartOptions): Promise<SyncStart> {
  const { rollup, l1, engine } = options;
  const genesis = rollup.genesis;
  let safeHead = engine.heads.localSafe;
  while (safeHead.number > genesis.l2.number && !(await canonical(l1, safeHead.l1origin))) {
    options.logger?.warn("sync start: the safe head's L1 origin is not canonical, walking back", {
      number: safeHead.number,
      origin: safeHead.l1origin.number,
    });
    safeHead = await parentOf(engine, safeHead);
  }
  const bound = await derivedFromCanonicalL1(options);
  if (bound) {
    const above = (block: L2BlockRef) =>
      bound.safeHead
        ? block.number > bound.safeHead.number
        : block.l1origin.number >= (bound.originBelow as number);
    if (safeHead.number > genesis.l2.number && above(safeHead))
      options.logger?.warn("sync start: blocks derived from L1 blocks a reorg removed are derived again", {
        from: safeHead.number,
        to: bound.safeHead?.number ?? null,
      });
    while (safeHead.number > genesis.l2.number && above(safeHead))
      safeHead = await parentOf(engine, safeHead);
  }
  // The pipeline base: the first block whose L1 origin is a channel timeout behind the safe head's.
  const channelTimeout = rollup.channelTimeout;
  let base = safeHead;
  while (base.number > genesis.l2.number && base.l1origin.number + channelTimeout > safeHead.l1origin.number)
    base = await parentOf(engine, base);
  const originNumber = base.number === genesis.l2.number ? genesis.l1.number : base.l1origin.number;
  const l1Origin = await l1.canonicalRef(originNumber);
  if (!l1Origin)
    throw new DerivationError("temporary", "sync-start", `L1 block ${originNumber} is not available`);
  const systemConfig =
    base.number === genesis.l2.number ? genesis.systemConfig : await engine.systemConfigByHash(base.hash);
  return { safeHead, l1Origin, systemConfig, removedFromL1: bound?.removedFromL1 ?? null };
}
