// op-node's SyncStatus (op-service/eth/sync_status.go). Light CL followers read `/<chainId>`
// optimism_syncStatus with exactly this JSON shape, so the wire form is a compatibility contract:
// snake_case keys, block refs as in blocks.ts.
import * as v from "valibot";
import { type L1BlockRef, type L2BlockRef, l1BlockRefSchema, l2BlockRefSchema } from "./blocks.ts";

export interface SyncStatus {
  /** The L1 block the derivation pipeline is currently reading. */
  readonly currentL1: L1BlockRef;
  /** Deprecated in op-node; kept for the wire shape (the finalized L1 known to the node). */
  readonly currentL1Finalized: L1BlockRef;
  readonly headL1: L1BlockRef;
  readonly safeL1: L1BlockRef;
  readonly finalizedL1: L1BlockRef;
  readonly unsafeL2: L2BlockRef;
  /** Cross-safe: what interop verified (equal to local-safe before interop). */
  readonly safeL2: L2BlockRef;
  readonly finalizedL2: L2BlockRef;
  readonly pendingSafeL2: L2BlockRef;
  readonly crossUnsafeL2: L2BlockRef;
  /** Derived from L1, not yet cross-verified. */
  readonly localSafeL2: L2BlockRef;
}

export interface SyncStatusJson {
  current_l1: L1BlockRef;
  current_l1_finalized: L1BlockRef;
  head_l1: L1BlockRef;
  safe_l1: L1BlockRef;
  finalized_l1: L1BlockRef;
  unsafe_l2: L2BlockRef;
  safe_l2: L2BlockRef;
  finalized_l2: L2BlockRef;
  pending_safe_l2: L2BlockRef;
  cross_unsafe_l2: L2BlockRef;
  local_safe_l2: L2BlockRef;
}

/** Both directions of the mapping are driven by this one table, so they cannot drift apart. */
const jsonKeys = {
  currentL1: "current_l1",
  currentL1Finalized: "current_l1_finalized",
  headL1: "head_l1",
  safeL1: "safe_l1",
  finalizedL1: "finalized_l1",
  unsafeL2: "unsafe_l2",
  safeL2: "safe_l2",
  finalizedL2: "finalized_l2",
  pendingSafeL2: "pending_safe_l2",
  crossUnsafeL2: "cross_unsafe_l2",
  localSafeL2: "local_safe_l2",
} as const satisfies Record<keyof SyncStatus, keyof SyncStatusJson>;

export const syncStatusJsonSchema = v.object({
  current_l1: l1BlockRefSchema,
  current_l1_finalized: l1BlockRefSchema,
  head_l1: l1BlockRefSchema,
  safe_l1: l1BlockRefSchema,
  finalized_l1: l1BlockRefSchema,
  unsafe_l2: l2BlockRefSchema,
  safe_l2: l2BlockRefSchema,
  finalized_l2: l2BlockRefSchema,
  pending_safe_l2: l2BlockRefSchema,
  cross_unsafe_l2: l2BlockRefSchema,
  local_safe_l2: l2BlockRefSchema,
});

export function syncStatusToJson(status: SyncStatus): SyncStatusJson {
  const out: Partial<Record<keyof SyncStatusJson, L1BlockRef | L2BlockRef>> = {};
  for (const [field, key] of Object.entries(jsonKeys) as [keyof SyncStatus, keyof SyncStatusJson][]) {
    out[key] = status[field];
  }
  return out as SyncStatusJson;
}

/**
 * A writer of a node's SyncStatus as JSON text that keeps the last text while every ref in the
 * status is the same object. Refs are immutable (a head that moves is a new ref), so a status
 * polled many times between head changes is written once: a fleet of light CLs polling
 * optimism_syncStatus costs one JSON.stringify per change, not per request.
 */
export function syncStatusJsonWriter(): (status: SyncStatus) => string {
  const fields = Object.keys(jsonKeys) as (keyof SyncStatus)[];
  let last: SyncStatus | null = null;
  let text = "";
  return (status) => {
    if (last !== null && fields.every((field) => status[field] === last?.[field])) return text;
    text = JSON.stringify(syncStatusToJson(status));
    last = status;
    return text;
  };
}

/** Validates a SyncStatus received as JSON (e.g. from a follow source); throws a valibot error. */
export function syncStatusFromJson(json: unknown): SyncStatus {
  const parsed = v.parse(syncStatusJsonSchema, json);
  const out: Partial<Record<keyof SyncStatus, L1BlockRef | L2BlockRef>> = {};
  for (const [field, key] of Object.entries(jsonKeys) as [keyof SyncStatus, keyof SyncStatusJson][]) {
    out[field] = parsed[key];
  }
  return out as SyncStatus;
}
