// Output roots and super roots as data (the hashing lives with the codecs).
// Shapes follow op-service/eth output.go, super_root.go, superroot_at_timestamp.go and
// supernode_status.go; reference/interop.md §5, reference/supernode.md §4.2, §4.3, §6.
import type { BlockID } from "./blocks.ts";
import type { Hash, Hex } from "./primitives.ts";
import type { SyncStatusJson } from "./syncStatus.ts";

/** The preimage fields of an output root v0 (version 0 is implied). JSON keys are the same. */
export interface OutputV0 {
  readonly stateRoot: Hash;
  /** Storage root of L2ToL1MessagePasser (0x4200…0016) after the block. */
  readonly messagePasserStorageRoot: Hash;
  readonly blockHash: Hash;
}

export interface ChainOutput {
  readonly chainId: bigint;
  /** The chain's output root at the super root's timestamp. */
  readonly output: Hash;
}

/** Super root version 1: a timestamp and one output root per chain, sorted by chain id. */
export interface SuperV1 {
  readonly timestamp: number;
  readonly chains: readonly ChainOutput[];
}

/** Go's wire form: entries carry no JSON tags, so the keys are literally ChainID and Output. */
export interface SuperV1Json {
  timestamp: Hex;
  chains: { ChainID: string; Output: Hash }[];
}

export function superV1ToJson(root: SuperV1): SuperV1Json {
  return {
    timestamp: `0x${root.timestamp.toString(16)}`,
    chains: root.chains.map((chain) => ({ ChainID: chain.chainId.toString(10), Output: chain.output })),
  };
}

/** `supernode_syncStatus` result. */
export interface SuperNodeSyncStatusJson {
  chains: Record<string, SyncStatusJson>;
  /** Decimal chain ids, ascending by numeric value. */
  chain_ids: string[];
  current_l1: BlockID;
  safe_timestamp: number;
  local_safe_timestamp: number;
  finalized_timestamp: number;
}

export interface OptimisticOutputJson {
  output: OutputV0;
  output_root: Hash;
  required_l1: BlockID;
}

/** `superroot_atTimestamp` result; `data` is present only once the timestamp is verified. */
export interface SuperRootAtTimestampJson {
  current_l1: BlockID;
  safe_timestamp: number;
  local_safe_timestamp: number;
  finalized_timestamp: number;
  optimistic_at_timestamp: Record<string, OptimisticOutputJson>;
  chain_ids: string[];
  data?: {
    verified_required_l1: BlockID;
    super: SuperV1Json;
    super_root: Hash;
  };
}
