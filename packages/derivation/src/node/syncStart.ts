// Sync start (specs "Resetting the Pipeline"; op-node sync/start.go FindL2Heads): where derivation
// restarts after a start, an L1 reorg or an engine that lost data. From the engine's local-safe
// head, walk back to a block whose L1 origin is canonical (blocks built on L1 blocks a reorg
// removed cannot stay safe); that block is the safe head. The pipeline then starts one channel
// timeout of L1 origins further back, so channels still open at the safe head are read again,
// with the system config rebuilt from that L2 block (its L1-info deposit and header).
import type { L1BlockRef, L2BlockRef, Logger, RollupConfig, SystemConfig } from "@supernode/protocol";
import { DerivationError } from "../errors.ts";
import type { NodeEngine, NodeL1 } from "./ports.ts";

export interface SyncStart {
  readonly safeHead: L2BlockRef;
  /** The L1 block the pipeline restarts at. */
  readonly l1Origin: L1BlockRef;
  /** The system config as of the pipeline base's L2 block. */
  readonly systemConfig: SystemConfig;
}

export interface SyncStartOptions {
  readonly rollup: RollupConfig;
  readonly l1: NodeL1;
  readonly engine: NodeEngine;
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

async function originCanonical(l1: NodeL1, block: L2BlockRef): Promise<boolean> {
  const canonical = await l1.canonicalRef(block.l1origin.number);
  return canonical !== null && canonical.hash.toLowerCase() === block.l1origin.hash.toLowerCase();
}

export async function findSyncStart(options: SyncStartOptions): Promise<SyncStart> {
  const { rollup, l1, engine } = options;
  const genesis = rollup.genesis;
  let safeHead = engine.heads.localSafe;
  while (safeHead.number > genesis.l2.number && !(await originCanonical(l1, safeHead))) {
    options.logger?.warn("sync start: the safe head's L1 origin is not canonical, walking back", {
      number: safeHead.number,
      origin: safeHead.l1origin.number,
    });
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
  return { safeHead, l1Origin, systemConfig };
}
