// The batcher transaction `inspect tx` reads: an EIP-2718 transaction whose calldata holds frames.
import {
  bytesToHex,
  keccak256Hex,
  type RlpItem,
  rlpDecodeList,
  rlpString,
  SupernodeError,
  transactionType,
} from "@supernode/protocol";

export class NotABatcherTransactionError extends SupernodeError<"NOT_A_BATCHER_TX", { type: number }> {
  override readonly name = "NotABatcherTransactionError";

  constructor(type: number, reason: string, options?: { cause?: unknown }) {
    super("NOT_A_BATCHER_TX", `not a batcher transaction: ${reason}`, { type }, options);
  }
}

/** Position of `to` and `data` in each type's RLP list. */
const layout: Record<number, { to: number; data: number }> = {
  0: { to: 3, data: 5 },
  1: { to: 4, data: 6 },
  2: { to: 5, data: 7 },
  4: { to: 5, data: 7 },
};

export function decodeBatcherTransaction(bytes: Uint8Array) {
  if (bytes.length === 0) throw new NotABatcherTransactionError(-1, "empty input");
  const type = transactionType(bytes);
  if (type === 3)
    throw new NotABatcherTransactionError(
      type,
      "a blob transaction carries its frames in blobs, not calldata",
    );
  const fields = layout[type];
  if (!fields) throw new NotABatcherTransactionError(type, `transaction type ${type}`);
  let items: RlpItem[];
  try {
    items = rlpDecodeList(bytes, type === 0 ? 0 : 1);
  } catch (error) {
    throw new NotABatcherTransactionError(type, error instanceof Error ? error.message : String(error), {
      cause: error,
    });
  }
  const toItem = items[fields.to];
  const dataItem = items[fields.data];
  if (!toItem || !dataItem)
    throw new NotABatcherTransactionError(type, `too few fields for a type ${type} transaction`);
  try {
    const to = rlpString(bytes, toItem);
    return {
      hash: keccak256Hex(bytes),
      type,
      to: to.length === 0 ? null : bytesToHex(to),
      data: rlpString(bytes, dataItem),
    };
  } catch (error) {
    throw new NotABatcherTransactionError(type, error instanceof Error ? error.message : String(error), {
      cause: error,
    });
  }
}
