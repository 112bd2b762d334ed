// The attributes builder's L1 port over the shared L1 client: an epoch's header fields and the
// receipts its deposits and system-config updates come from.
import type { EpochSource, L1Header } from "@supernode/derivation";
import type { L1Client } from "@supernode/l1-source";
import type { BlockID, DepositReceipt, L1BlockRef } from "@supernode/protocol";

export function l1Epochs(l1: L1Client): EpochSource {
  return {
    async header(epoch: BlockID): Promise<L1Header> {
      const { header, ref } = await l1.headerByHash(epoch.hash);
      return {
        ref,
        baseFee: header.baseFeePerGas ?? 0n,
        mixHash: header.mixHash,
        ...(header.parentBeaconBlockRoot ? { parentBeaconBlockRoot: header.parentBeaconBlockRoot } : {}),
        ...(header.excessBlobGas === undefined ? {} : { excessBlobGas: header.excessBlobGas }),
      };
    },
    async receipts(block: L1BlockRef): Promise<readonly DepositReceipt[]> {
      return l1.receipts(block.hash);
    },
  };
}
