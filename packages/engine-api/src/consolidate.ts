// Consolidation (specs "L1-consolidation"; op-node engine_consolidate.go, kona attributes.rs):
// do the derived attributes describe the unsafe block already there? Field by field, in op-node's
// order; the first difference is reported by name so logs say why the unsafe chain was reorged.
import {
  type ChainOpConfig,
  EMPTY_ROOT_HASH,
  eip1559ParamsFromAttributes,
  encodeHoloceneExtraData,
  encodeJovianExtraData,
  type ForkSchedule,
  type Hash,
  keccak256Hex,
  type PayloadAttributes,
} from "@supernode/protocol";
import type { L2Block } from "./l2Reader.ts";

export type ConsolidationResult =
  | { readonly match: true }
  | { readonly match: false; readonly field: string; readonly expected: string; readonly actual: string };

const same = { match: true } as const;
const differ = (field: string, expected: unknown, actual: unknown): ConsolidationResult => ({
  match: false,
  field,
  expected: String(expected),
  actual: String(actual),
});

/** The extraData a Holocene (v0) or Jovian (v1) block built from these attributes carries. */
function expectedExtraData(attributes: PayloadAttributes, forks: ForkSchedule, chain: ChainOpConfig): string {
  const params = eip1559ParamsFromAttributes(attributes.eip1559Params ?? "0x0000000000000000", chain);
  return forks.isJovian(Number(attributes.timestamp))
    ? encodeJovianExtraData({ ...params, minBaseFee: attributes.minBaseFee ?? 0n })
    : encodeHoloceneExtraData(params);
}

export function consolidate(
  attributes: PayloadAttributes,
  block: L2Block,
  parentHash: Hash,
  forks: ForkSchedule,
  chain: ChainOpConfig,
): ConsolidationResult {
  const h = block.header;
  const timestamp = Number(attributes.timestamp);
  if (h.parentHash !== parentHash.toLowerCase()) return differ("parentHash", parentHash, h.parentHash);
  if (h.timestamp !== attributes.timestamp) return differ("timestamp", attributes.timestamp, h.timestamp);
  if (h.mixHash !== attributes.prevRandao.toLowerCase())
    return differ("prevRandao", attributes.prevRandao, h.mixHash);
  if (h.miner !== attributes.suggestedFeeRecipient.toLowerCase())
    return differ("feeRecipient", attributes.suggestedFeeRecipient, h.miner);
  if (h.gasLimit !== attributes.gasLimit) return differ("gasLimit", attributes.gasLimit, h.gasLimit);
  if (block.transactions.length !== attributes.transactions.length)
    return differ("transactions.length", attributes.transactions.length, block.transactions.length);
  for (const [i, tx] of attributes.transactions.entries()) {
    // Equal hashes of the EIP-2718 encodings: equal bytes.
    const hash = keccak256Hex(tx);
    if (hash !== block.transactions[i]?.hash.toLowerCase())
      return differ(`transactions[${i}]`, hash, block.transactions[i]?.hash);
  }
  if (!forks.isCanyon(timestamp)) {
    if (attributes.withdrawals !== undefined) return differ("withdrawals", "none before Canyon", "a list");
  } else {
    if (attributes.withdrawals === undefined || attributes.withdrawals.length > 0)
      return differ(
        "withdrawals",
        "an empty list",
        attributes.withdrawals === undefined ? "none" : `${attributes.withdrawals.length} withdrawals`,
      );
    if (h.withdrawalsRoot === undefined) return differ("withdrawalsRoot", "present from Canyon", "absent");
    if (!forks.isIsthmus(timestamp) && h.withdrawalsRoot !== EMPTY_ROOT_HASH)
      return differ("withdrawalsRoot", EMPTY_ROOT_HASH, h.withdrawalsRoot);
  }
  if (
    forks.isEcotone(timestamp) &&
    h.parentBeaconBlockRoot !== attributes.parentBeaconBlockRoot?.toLowerCase()
  )
    return differ("parentBeaconBlockRoot", attributes.parentBeaconBlockRoot, h.parentBeaconBlockRoot);
  if (forks.isHolocene(timestamp)) {
    const expected = expectedExtraData(attributes, forks, chain);
    if (h.extraData.toLowerCase() !== expected.toLowerCase())
      return differ("extraData", expected, h.extraData);
  }
  return same;
}
