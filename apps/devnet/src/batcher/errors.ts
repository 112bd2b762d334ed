// The batcher's one error: `temporary` (an RPC failed or refused a transaction: the next step
// retries) or `critical` (retrying cannot help: a wrong chain, a block that cannot be batched).
import { SupernodeError } from "@supernode/protocol";

export type BatcherErrorKind = "temporary" | "critical";

export type BatcherErrorReason =
  | "l1-rpc" // an L1 read failed or answered nonsense
  | "l2-rpc" // an L2 read failed or answered nonsense
  | "send" // the L1 node refused a batcher transaction
  | "wrong-chain" // the L1 node's chain id is not the rollup config's
  | "unbatchable" // blocks that no batch can carry (not consecutive, a bad L1-info deposit)
  | "busy"; // step() called while a step runs

export class BatcherError extends SupernodeError<
  "BATCHER_FAILED",
  { kind: BatcherErrorKind; reason: BatcherErrorReason }
> {
  override readonly name = "BatcherError";

  constructor(
    kind: BatcherErrorKind,
    reason: BatcherErrorReason,
    message: string,
    options?: { cause?: unknown },
  ) {
    super("BATCHER_FAILED", `batcher: ${message}`, { kind, reason }, options);
  }

  get kind(): BatcherErrorKind {
    return this.meta.kind;
  }
}

/** The message of anything thrown, for logs and wrapped errors. */
export function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
