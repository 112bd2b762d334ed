// Which Engine API method version op-node sends, by the fork active at the payload's (or the
// attributes') timestamp (reference/derivation.md §3.1; op-node rollup/types.go, kona
// versions.rs). FCU never goes past V3: op-node does not use V4.
import type { ForkSchedule } from "@supernode/protocol";

export type ForkchoiceUpdatedMethod =
  | "engine_forkchoiceUpdatedV1"
  | "engine_forkchoiceUpdatedV2"
  | "engine_forkchoiceUpdatedV3";
export type GetPayloadMethod = "engine_getPayloadV2" | "engine_getPayloadV3" | "engine_getPayloadV4";
export type NewPayloadMethod = "engine_newPayloadV2" | "engine_newPayloadV3" | "engine_newPayloadV4";

/**
 * With attributes: V1 before Canyon (geth refused V2 before Shanghai), V2 from Canyon, V3 from
 * Ecotone. Without attributes op-node always sends V3; we pick by the head's fork when known, so
 * a pre-Ecotone engine is never sent a method it may not have.
 */
export function forkchoiceUpdatedMethod(
  forks: ForkSchedule,
  timestamp: number | null,
): ForkchoiceUpdatedMethod {
  if (timestamp === null || forks.isEcotone(timestamp)) return "engine_forkchoiceUpdatedV3";
  return forks.isCanyon(timestamp) ? "engine_forkchoiceUpdatedV2" : "engine_forkchoiceUpdatedV1";
}

export function getPayloadMethod(forks: ForkSchedule, timestamp: number): GetPayloadMethod {
  if (forks.isIsthmus(timestamp)) return "engine_getPayloadV4";
  return forks.isEcotone(timestamp) ? "engine_getPayloadV3" : "engine_getPayloadV2";
}

export function newPayloadMethod(forks: ForkSchedule, timestamp: number): NewPayloadMethod {
  if (forks.isIsthmus(timestamp)) return "engine_newPayloadV4";
  return forks.isEcotone(timestamp) ? "engine_newPayloadV3" : "engine_newPayloadV2";
}
