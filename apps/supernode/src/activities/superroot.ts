// The superroot activity (reference/supernode.md §4.3): `superroot_atTimestamp(ts)` (a number or
// a hex string). Every chain's optimistic output at the timestamp (its local-safe block there and
// the L1 block it became local-safe at) is listed; a chain not there yet is left out, any other
// failure fails the whole call (a fault-proof client must never see a silent partial map).
// Before interop activation the super root is composed from those outputs once every chain has
// one; from activation only verified data may be given, so until interop verifies a timestamp
// `data` is omitted, and below the first timestamp this node can verify the call errors.
import {
  type BlockID,
  type ChainOutput,
  type Hash,
  type OptimisticOutputJson,
  type OutputV0,
  type SuperRootAtTimestampJson,
  superRootV1,
  superV1,
  superV1ToJson,
} from "@supernode/protocol";
import { HistoryUnavailableError } from "../chains/chainErrors.ts";
import { aggregate, type ChainStatusSource } from "./syncStatusAggregate.ts";

export interface SuperrootChain extends ChainStatusSource {
  optimisticOutputAtTimestamp(timestamp: number): Promise<(OutputV0 & { outputRoot: Hash }) | null>;
  optimisticAt(timestamp: number): Promise<{ l2: BlockID; l1: BlockID } | null>;
  firstSafeHeadTimestamp(): number | null;
}

export interface SuperrootOptions {
  /** Interop activation time (none: interop is off and every timestamp is pre-interop). */
  readonly interopActivation?: number;
}

/** A JSON-RPC invalid-params error for the gateway (code −32602). */
export class InvalidParamsError extends Error {
  readonly code = -32602;
}

export function parseTimestamp(value: unknown): number {
  if (typeof value === "number" && Number.isSafeInteger(value) && value >= 0) return value;
  if (typeof value === "string" && /^0x[0-9a-fA-F]{1,16}$/.test(value)) return Number(BigInt(value));
  throw new InvalidParamsError("invalid params: expected a timestamp (a number or a 0x-hex quantity)");
}

export async function superRootAtTimestamp(
  chains: readonly SuperrootChain[],
  timestamp: number,
  options: SuperrootOptions,
): Promise<SuperRootAtTimestampJson> {
  const status = aggregate(chains);
  const optimistic: Record<string, OptimisticOutputJson> = {};
  const outputs: ChainOutput[] = [];
  let requiredL1: BlockID | null = null;
  // Every chain read at once; the answer is then built in chain order.
  const reads = await Promise.all(
    chains.map((chain) =>
      Promise.all([chain.optimisticOutputAtTimestamp(timestamp), chain.optimisticAt(timestamp)]),
    ),
  );
  for (const [index, chain] of chains.entries()) {
    const [output, at] = reads[index] as (typeof reads)[number];
    if (!output || !at || output.blockHash !== at.l2.hash) continue;
    optimistic[chain.id.toString(10)] = {
      output: {
        stateRoot: output.stateRoot,
        messagePasserStorageRoot: output.messagePasserStorageRoot,
        blockHash: output.blockHash,
      },
      output_root: output.outputRoot,
      required_l1: at.l1,
    };
    outputs.push({ chainId: chain.id, output: output.outputRoot });
    if (!requiredL1 || at.l1.number > requiredL1.number) requiredL1 = at.l1;
  }
  const answer: SuperRootAtTimestampJson = {
    current_l1: status.currentL1,
    safe_timestamp: status.safeTimestamp,
    local_safe_timestamp: status.localSafeTimestamp,
    finalized_timestamp: status.finalizedTimestamp,
    optimistic_at_timestamp: optimistic,
    chain_ids: status.chainIds.map((id) => id.toString(10)),
  };
  const preInterop = options.interopActivation === undefined || timestamp < options.interopActivation;
  if (preInterop) {
    if (outputs.length === chains.length && requiredL1) {
      const root = superV1(timestamp, outputs);
      answer.data = {
        verified_required_l1: requiredL1,
        super: superV1ToJson(root),
        super_root: superRootV1(root),
      };
    }
    return answer;
  }
  // From activation: only verified data. Below the first timestamp every chain can verify from
  // (its SafeDB's first stable entry), nothing ever will be.
  const firsts = chains.map((chain) => chain.firstSafeHeadTimestamp());
  const firstVerifiable = firsts.some((t) => t === null) ? null : Math.max(...(firsts as number[]));
  if (firstVerifiable !== null && timestamp < firstVerifiable)
    throw new HistoryUnavailableError(
      `timestamp ${timestamp} is before this node's first verifiable timestamp ${firstVerifiable}`,
    );
  return answer;
}
