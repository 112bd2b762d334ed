// The virtual node's ports: what it needs from L1, from the beacon node and from its chain's
// execution engine, as small interfaces. The supernode app wires them to the shared L1 source,
// the beacon client and an engine controller (derivation never imports those packages).
import type { L1BlockRef, L2BlockRef, PayloadAttributes, SystemConfig } from "@supernode/protocol";
import type { L2ChainSource } from "../pipeline/pipeline.ts";
import type { EpochSource } from "../stages/attributesBuilder.ts";
import type { L1TransactionSource } from "../stages/l1Retrieval.ts";
import type { L1BlockSource } from "../stages/l1Traversal.ts";

export type L1Label = "latest" | "safe" | "finalized";

/** L1 as the node reads it: the pipeline's reads plus heads and canonical checks. */
export interface NodeL1 extends L1BlockSource, L1TransactionSource, EpochSource {
  /** The L1 head by label, from the node (never a cache). */
  headRef(label: L1Label): Promise<L1BlockRef>;
  /** The canonical block at `number` now (null when there is none yet). */
  canonicalRef(number: number): Promise<L1BlockRef | null>;
  /**
   * Forget what is known of L1 blocks by number from `number` on (a reset: an L1 reorg may have
   * replaced them; reads by hash stay cached).
   */
  invalidateFrom?(number: number): void;
}

/** The engine's heads, as the node keeps them. */
export interface EngineHeads {
  readonly unsafe: L2BlockRef;
  readonly localSafe: L2BlockRef;
  readonly safe: L2BlockRef;
  readonly finalized: L2BlockRef;
}

export type AppliedBlock =
  | { readonly status: "valid"; readonly ref: L2BlockRef; readonly consolidated: boolean }
  /** The engine refused the payload as invalid (not a transport problem). */
  | { readonly status: "invalid"; readonly reason: string };

/** The chain's execution engine, through the engine controller. */
export interface NodeEngine extends L2ChainSource {
  readonly heads: EngineHeads;
  /**
   * Makes the block of `attributes` on `parent` the local-safe head: the engine's existing unsafe
   * block at that height when it matches the attributes (consolidation), else a build, which
   * replaces the unsafe tip. Transport failures throw (temporary); an invalid payload is a result.
   */
  applyDerived(attributes: PayloadAttributes, parent: L2BlockRef): Promise<AppliedBlock>;
  /** Raises safe and/or finalized (never above local-safe). */
  promote(update: { readonly safe?: L2BlockRef; readonly finalized?: L2BlockRef }): Promise<void>;
  /** Makes `target` the head (local-safe and safe at most it): a reset below the unsafe tip. */
  rewind(target: L2BlockRef): Promise<void>;
  /** The canonical block ref at a number or hash (null when the engine does not have it). */
  blockRef(at: number | string): Promise<L2BlockRef | null>;
  /** The system config as of an L2 block (from its L1-info deposit and header). */
  systemConfigByHash(hash: string): Promise<SystemConfig>;
}

/** Who may promote local-safe blocks to safe (interop); none: safe follows local-safe. */
export interface SafetyAuthority {
  /** The highest block of `candidate`'s chain that may be safe now (null: none yet). */
  verifiedSafe(candidate: L2BlockRef): Promise<L2BlockRef | null>;
}
