// Aggregating the chains' sync statuses (op-supernode syncstatus.Aggregate, reference/supernode.md
// §4.2): `current_l1` is the lowest of the chains' current L1 (and of interop's, once it runs);
// the safe, local-safe and finalized timestamps are the lowest over the chains (a zero anywhere
// makes the aggregate zero); chain ids ascend numerically as decimal strings.
import {
  type BlockID,
  type SuperNodeSyncStatusJson,
  type SyncStatus,
  syncStatusToJson,
} from "@supernode/protocol";

export interface ChainStatusSource {
  readonly id: bigint;
  syncStatus(): SyncStatus;
}

export interface Aggregate {
  readonly statuses: ReadonlyMap<bigint, SyncStatus>;
  readonly chainIds: readonly bigint[];
  readonly currentL1: BlockID;
  readonly safeTimestamp: number;
  readonly localSafeTimestamp: number;
  readonly finalizedTimestamp: number;
}

/** Throws when a chain cannot answer (its node is not running): no silent partial answers. */
export function aggregate(chains: readonly ChainStatusSource[], verifierL1?: BlockID | null): Aggregate {
  const sorted = [...chains].sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  const statuses = new Map(sorted.map((chain) => [chain.id, chain.syncStatus()] as const));
  const all = [...statuses.values()];
  const l1s: BlockID[] = all.map((s) => ({ hash: s.currentL1.hash, number: s.currentL1.number }));
  if (verifierL1) l1s.push(verifierL1);
  const lowest = l1s.reduce(
    (a, b) => (b.number < a.number ? b : a),
    l1s[0] ?? { hash: `0x${"00".repeat(32)}`, number: 0 },
  );
  const min = (pick: (s: SyncStatus) => number) => (all.length === 0 ? 0 : Math.min(...all.map(pick)));
  return {
    statuses,
    chainIds: sorted.map((c) => c.id),
    currentL1: { hash: lowest.hash, number: lowest.number },
    safeTimestamp: min((s) => s.safeL2.timestamp),
    localSafeTimestamp: min((s) => s.localSafeL2.timestamp),
    finalizedTimestamp: min((s) => s.finalizedL2.timestamp),
  };
}

/** `supernode_syncStatus`'s answer. */
export function superNodeSyncStatusJson(result: Aggregate): SuperNodeSyncStatusJson {
  return {
    chains: Object.fromEntries(
      [...result.statuses].map(([id, status]) => [id.toString(10), syncStatusToJson(status)]),
    ),
    chain_ids: result.chainIds.map((id) => id.toString(10)),
    current_l1: result.currentL1,
    safe_timestamp: result.safeTimestamp,
    local_safe_timestamp: result.localSafeTimestamp,
    finalized_timestamp: result.finalizedTimestamp,
  };
}
