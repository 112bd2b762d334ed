// Reading batches out of a decompressed channel (op-node BatchReader): the stream is a sequence
// of RLP byte strings, one batch each, read until the first error. A batch counts if and only if
// all of its bytes were decoded before the decompressor stopped; batches already read are kept.
import { RlpError, rlpItemAt } from "../encoding/rlp.ts";
import type { SupernodeError } from "../errors.ts";
import { type BatchData, decodeBatchData } from "./batchData.ts";
import { BatchError } from "./batchError.ts";

export interface ReadBatches {
  readonly batches: BatchData[];
  /** Why reading stopped before the end of the stream (null: every byte was a whole batch). */
  readonly error: SupernodeError | null;
  /** Bytes of the stream consumed by whole batches. */
  readonly consumed: number;
}

export function readBatches(stream: Uint8Array): ReadBatches {
  const batches: BatchData[] = [];
  let at = 0;
  while (at < stream.length) {
    try {
      const item = rlpItemAt(stream, at);
      if (item.kind !== "string") throw new RlpError("expected string", at, "a batch is an RLP byte string");
      batches.push(decodeBatchData(stream.subarray(item.payloadStart, item.end)));
      at = item.end;
    } catch (error) {
      if (error instanceof RlpError)
        return {
          batches,
          error: new BatchError("invalid rlp", error.message, { cause: error }),
          consumed: at,
        };
      if (error instanceof BatchError) return { batches, error, consumed: at };
      throw error;
    }
  }
  return { batches, error: null, consumed: at };
}
