// A batch as a channel carries it: one RLP byte string `batch_type ‖ content`.
import { concatBytes } from "../encoding/bytes.ts";
import { BatchError } from "./batchError.ts";
import { decodeSingularBatch, encodeSingularBatch, type SingularBatch } from "./singularBatch.ts";
import { decodeRawSpanBatch, encodeRawSpanBatch, type RawSpanBatch } from "./spanBatch.ts";

export const SINGULAR_BATCH_TYPE = 0;
export const SPAN_BATCH_TYPE = 1;

export type BatchData =
  | { readonly type: "singular"; readonly batch: SingularBatch }
  | { readonly type: "span"; readonly batch: RawSpanBatch };

/** Decodes `batch_type ‖ content` (op-node BatchData.decodeTyped). Throws BatchError. */
export function decodeBatchData(bytes: Uint8Array): BatchData {
  const type = bytes[0];
  if (type === undefined) throw new BatchError("empty batch");
  const content = bytes.subarray(1);
  if (type === SINGULAR_BATCH_TYPE) return { type: "singular", batch: decodeSingularBatch(content) };
  if (type === SPAN_BATCH_TYPE) return { type: "span", batch: decodeRawSpanBatch(content) };
  throw new BatchError("unknown batch type", `type ${type}`);
}

/** `batch_type ‖ content`, to be wrapped as an RLP string in a channel. */
export function encodeBatchData(data: BatchData): Uint8Array {
  if (data.type === "singular")
    return concatBytes([Uint8Array.of(SINGULAR_BATCH_TYPE), encodeSingularBatch(data.batch)]);
  return concatBytes([Uint8Array.of(SPAN_BATCH_TYPE), encodeRawSpanBatch(data.batch)]);
}
