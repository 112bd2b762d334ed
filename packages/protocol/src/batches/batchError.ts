// Why a batch could not be decoded, derived or encoded. Every limit violation has its own reason.
import { SupernodeError } from "../errors.ts";

export type BatchErrorReason =
  | "empty batch"
  | "unknown batch type"
  | "empty span batch"
  | "too many elements"
  | "bitlist too long"
  | "truncated"
  | "varint overflow"
  | "invalid rlp"
  | "tx data not a list"
  | "unsupported tx type"
  | "invalid tx fields"
  | "contract creation not allowed"
  | "chain id mismatch"
  | "value out of range"
  | "not a span batch transaction"
  | "blocks not consecutive";

export class BatchError extends SupernodeError<
  "BATCH_INVALID",
  { reason: BatchErrorReason; field?: string }
> {
  override readonly name = "BatchError";

  constructor(reason: BatchErrorReason, detail?: string, options?: { field?: string; cause?: unknown }) {
    const field = options?.field;
    super(
      "BATCH_INVALID",
      `batch: ${reason}${field ? ` in ${field}` : ""}${detail ? ` (${detail})` : ""}`,
      field === undefined ? { reason } : { reason, field },
      options?.cause === undefined ? undefined : { cause: options.cause },
    );
  }
}
