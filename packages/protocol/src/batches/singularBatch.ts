// Singular batches (batch type 0; specs "Batch Format"): rlp([parent_hash, epoch_number,
// epoch_hash, timestamp, transaction_list]), decoded as strictly as geth decodes op-node's struct:
// exact field count, 32-byte hashes, canonical integers, and nothing after the list.
import { bytesToHex, hexToBytes } from "../encoding/bytes.ts";
import {
  RlpError,
  type RlpItem,
  rlpDecodeList,
  rlpEncodeList,
  rlpEncodeString,
  rlpEncodeUint,
  rlpExpectCount,
  rlpFixedString,
  rlpListItems,
  rlpString,
  rlpUint,
} from "../encoding/rlp.ts";
import type { Hash } from "../types/primitives.ts";
import { BatchError } from "./batchError.ts";

export interface SingularBatch {
  readonly parentHash: Hash;
  readonly epochNum: number;
  readonly epochHash: Hash;
  readonly timestamp: number;
  /** Opaque EIP-2718 transactions. */
  readonly transactions: readonly Uint8Array[];
}

/** uint64 fields beyond 2^53 decode (as op-node does) but lose precision; no real chain gets near. */
function uint64(bytes: Uint8Array, item: RlpItem, what: string): number {
  return Number(rlpUint(bytes, item, 8, what));
}

/** Decodes the bytes after the 0x00 type byte. Throws BatchError. */
export function decodeSingularBatch(bytes: Uint8Array): SingularBatch {
  try {
    const fields = rlpDecodeList(bytes);
    rlpExpectCount(fields, 5, 0, "singular batch has 5 fields");
    const [parent, epochNum, epochHash, timestamp, txList] = fields as [
      RlpItem,
      RlpItem,
      RlpItem,
      RlpItem,
      RlpItem,
    ];
    return {
      parentHash: bytesToHex(rlpFixedString(bytes, parent, 32, "parent_hash")),
      epochNum: uint64(bytes, epochNum, "epoch_number"),
      epochHash: bytesToHex(rlpFixedString(bytes, epochHash, 32, "epoch_hash")),
      timestamp: uint64(bytes, timestamp, "timestamp"),
      transactions: rlpListItems(bytes, txList).map((item) => rlpString(bytes, item)),
    };
  } catch (error) {
    if (error instanceof RlpError) throw new BatchError("invalid rlp", error.message, { cause: error });
    throw error;
  }
}

/** The bytes after the type byte. */
export function encodeSingularBatch(batch: SingularBatch): Uint8Array {
  return rlpEncodeList([
    rlpEncodeString(hexToBytes(batch.parentHash)),
    rlpEncodeUint(batch.epochNum),
    rlpEncodeString(hexToBytes(batch.epochHash)),
    rlpEncodeUint(batch.timestamp),
    rlpEncodeList(batch.transactions.map(rlpEncodeString)),
  ]);
}
