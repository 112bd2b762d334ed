// KZG commitments for blob checks (@crate-crypto/node-eth-kzg), set up on first use: creating
// the context takes seconds, and a node that never sees a blob never pays for it.
import { DasContextJs } from "@crate-crypto/node-eth-kzg";
import type { BlobCommitment } from "@supernode/protocol";

let context: DasContextJs | null = null;

export function createKzgCommitment(): BlobCommitment {
  return (blob) => {
    context ??= DasContextJs.create({ usePrecomp: false });
    return context.blobToKzgCommitment(blob);
  };
}

/** viem's KZG interface (for building blob transactions in tests and the devnet batcher). */
export function viemKzg() {
  const commit = createKzgCommitment();
  return {
    blobToKzgCommitment: (blob: Uint8Array) => commit(blob),
    computeBlobKzgProof: (blob: Uint8Array, commitment: Uint8Array) => {
      context ??= DasContextJs.create({ usePrecomp: false });
      return (
        context as unknown as { computeBlobKzgProof(b: Uint8Array, c: Uint8Array): Uint8Array }
      ).computeBlobKzgProof(blob, commitment);
    },
  };
}
