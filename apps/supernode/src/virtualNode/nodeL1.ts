// The virtual node's L1 and blob ports over the shared L1 client and beacon client.
import type { BlobRequest, BlobSource, L1Header, L1Label, NodeL1 } from "@supernode/derivation";
import { type BeaconClient, type L1Client, L1SourceError } from "@supernode/l1-source";
import { bytesToHex, type DepositReceipt, type Hex, type L1BlockRef } from "@supernode/protocol";
import type { SharedL1Heads } from "./sharedL1Heads.ts";

async function orNull<T>(read: () => Promise<T>): Promise<T | null> {
  try {
    return await read();
  } catch (error) {
    if (error instanceof L1SourceError && error.kind === "not-found") return null;
    throw error;
  }
}

/** The node's L1 port; with `heads`, head reads and reads past the tip are shared (sharedL1Heads.ts). */
export function nodeL1(l1: L1Client, heads?: SharedL1Heads): NodeL1 {
  return {
    blockRefByNumber: async (number) => {
      if (heads && !(await heads.mayExist(number))) return null;
      return orNull(async () => (await l1.headerByNumber(number)).ref);
    },
    receipts: async (block: L1BlockRef): Promise<readonly DepositReceipt[]> => l1.receipts(block.hash),
    transactions: async (block: L1BlockRef): Promise<readonly Hex[]> =>
      (await l1.transactions(block.hash)).map(bytesToHex),
    async header(epoch): Promise<L1Header> {
      const { header, ref } = await l1.headerByHash(epoch.hash);
      return {
        ref,
        baseFee: header.baseFeePerGas ?? 0n,
        mixHash: header.mixHash,
        ...(header.parentBeaconBlockRoot ? { parentBeaconBlockRoot: header.parentBeaconBlockRoot } : {}),
        ...(header.excessBlobGas === undefined ? {} : { excessBlobGas: header.excessBlobGas }),
      };
    },
    headRef: async (label: L1Label) => (heads ? heads.head(label) : (await l1.headerByLabel(label)).ref),
    canonicalRef: (number) => orNull(async () => (await l1.canonicalHeaderByNumber(number)).ref),
    invalidateFrom: (number) => l1.invalidateFrom(number),
  };
}

export function nodeBlobs(beacon: BeaconClient): BlobSource {
  return {
    async blobs(block: L1BlockRef, requests: readonly BlobRequest[]) {
      return beacon.blobs(await beacon.slotOf(block.timestamp), requests);
    },
  };
}
