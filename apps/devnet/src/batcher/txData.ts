// A closed channel's frames as the data of batcher transactions: one blob per frame
// (`encodeBlob(0x00 ‖ frame)`) and up to `maxBlobsPerTx` blobs a transaction, or calldata
// `0x00 ‖ frame`, one frame a transaction.
import { encodeBatcherData, encodeBlob, type Frame } from "@supernode/protocol";

export type DataMode = "blobs" | "calldata";

export type TxPayload =
  | { readonly kind: "blobs"; readonly blobs: readonly Uint8Array[]; readonly frames: number }
  | { readonly kind: "calldata"; readonly data: Uint8Array; readonly frames: number };

export function txPayloads(frames: readonly Frame[], mode: DataMode, maxBlobsPerTx: number): TxPayload[] {
  if (mode === "calldata") {
    return frames.map((frame) => ({ kind: "calldata", data: encodeBatcherData([frame]), frames: 1 }));
  }
  const payloads: TxPayload[] = [];
  for (let at = 0; at < frames.length; at += maxBlobsPerTx) {
    const group = frames.slice(at, at + maxBlobsPerTx);
    payloads.push({
      kind: "blobs",
      blobs: group.map((frame) => encodeBlob(encodeBatcherData([frame]))),
      frames: group.length,
    });
  }
  return payloads;
}
