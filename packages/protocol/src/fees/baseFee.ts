// OP's EIP-1559 base fee (specs holocene/exec-engine.md "Dynamic EIP-1559 Parameters",
// jovian/exec-engine.md "Minimum Base Fee" and "DA footprint"): before Holocene the chain's
// constants (the Canyon denominator from Canyon on); from Holocene the parent header's extraData
// carries denominator and elasticity (0, 0 meaning the Canyon constants); from Jovian it also
// carries a minimum base fee, and the gas that counts is max(gasUsed, blobGasUsed).
import type { ChainOpConfig } from "../config/rollupConfig.ts";
import { bigIntToFixedBytes, bytesToBigInt, bytesToHex, concatBytes, hexToBytes } from "../encoding/bytes.ts";
import { SupernodeError } from "../errors.ts";
import type { Hex } from "../types/primitives.ts";

export const HOLOCENE_EXTRA_DATA_VERSION = 0;
export const JOVIAN_EXTRA_DATA_VERSION = 1;

export interface Eip1559Params {
  readonly denominator: number;
  readonly elasticity: number;
}

export interface ExtraDataParams extends Eip1559Params {
  /** Jovian (version 1) only. */
  readonly minBaseFee?: bigint;
}

export class ExtraDataError extends SupernodeError<"EXTRA_DATA_INVALID", { length: number }> {
  override readonly name = "ExtraDataError";

  constructor(reason: string, length: number) {
    super("EXTRA_DATA_INVALID", `extraData: ${reason}`, { length });
  }
}

/** Holocene extraData: 0x00 ‖ u32 denominator ‖ u32 elasticity (9 bytes). */
export function encodeHoloceneExtraData(params: Eip1559Params): Hex {
  return bytesToHex(
    concatBytes([
      Uint8Array.of(HOLOCENE_EXTRA_DATA_VERSION),
      bigIntToFixedBytes(BigInt(params.denominator), 4),
      bigIntToFixedBytes(BigInt(params.elasticity), 4),
    ]),
  );
}

/** Jovian extraData: 0x01 ‖ u32 denominator ‖ u32 elasticity ‖ u64 minBaseFee (17 bytes). */
export function encodeJovianExtraData(params: Eip1559Params & { minBaseFee: bigint }): Hex {
  return bytesToHex(
    concatBytes([
      Uint8Array.of(JOVIAN_EXTRA_DATA_VERSION),
      bigIntToFixedBytes(BigInt(params.denominator), 4),
      bigIntToFixedBytes(BigInt(params.elasticity), 4),
      bigIntToFixedBytes(params.minBaseFee, 8),
    ]),
  );
}

/** Decodes Holocene (version 0) or Jovian (version 1) extraData; other forms are errors. */
export function decodeExtraData(extraData: Hex): ExtraDataParams {
  const bytes = hexToBytes(extraData);
  const version = bytes[0];
  const expected =
    version === HOLOCENE_EXTRA_DATA_VERSION ? 9 : version === JOVIAN_EXTRA_DATA_VERSION ? 17 : -1;
  if (expected < 0) throw new ExtraDataError(`unknown version ${version}`, bytes.length);
  if (bytes.length !== expected)
    throw new ExtraDataError(`version ${version} has ${expected} bytes, got ${bytes.length}`, bytes.length);
  const denominator = Number(bytesToBigInt(bytes.subarray(1, 5)));
  const elasticity = Number(bytesToBigInt(bytes.subarray(5, 9)));
  if (denominator === 0 && elasticity !== 0)
    throw new ExtraDataError("a zero denominator with a non-zero elasticity", bytes.length);
  return version === JOVIAN_EXTRA_DATA_VERSION
    ? { denominator, elasticity, minBaseFee: bytesToBigInt(bytes.subarray(9, 17)) }
    : { denominator, elasticity };
}

/** The attributes' eip1559Params (u32 denominator ‖ u32 elasticity), 0/0 meaning the Canyon constants. */
export function eip1559ParamsFromAttributes(eip1559Params: Hex, chain: ChainOpConfig): Eip1559Params {
  const bytes = hexToBytes(eip1559Params);
  if (bytes.length !== 8)
    throw new ExtraDataError(`eip1559Params must be 8 bytes, got ${bytes.length}`, bytes.length);
  const denominator = Number(bytesToBigInt(bytes.subarray(0, 4)));
  const elasticity = Number(bytesToBigInt(bytes.subarray(4, 8)));
  if (denominator === 0 && elasticity === 0) {
    return { denominator: chain.eip1559DenominatorCanyon, elasticity: chain.eip1559Elasticity };
  }
  return { denominator, elasticity };
}

export interface ParentForBaseFee {
  readonly baseFee: bigint;
  readonly gasUsed: bigint;
  readonly gasLimit: bigint;
  readonly extraData: Hex;
  /** Jovian: the parent's DA footprint. */
  readonly blobGasUsed?: bigint;
}

export type BaseFeeRules = "bedrock" | "canyon" | "holocene" | "jovian";

/** geth's CalcBaseFee with the given denominator and elasticity. */
export function eip1559BaseFee(
  parent: Pick<ParentForBaseFee, "baseFee" | "gasLimit">,
  gasUsed: bigint,
  params: Eip1559Params,
): bigint {
  const target = parent.gasLimit / BigInt(params.elasticity);
  const denominator = BigInt(params.denominator);
  if (gasUsed === target) return parent.baseFee;
  if (gasUsed > target) {
    const delta = (parent.baseFee * (gasUsed - target)) / target / denominator;
    return parent.baseFee + (delta > 1n ? delta : 1n);
  }
  const delta = (parent.baseFee * (target - gasUsed)) / target / denominator;
  return parent.baseFee > delta ? parent.baseFee - delta : 0n;
}

/**
 * The base fee of the block after `parent`, under the rules in force for the parent (op-geth
 * reads Holocene params from the parent's extraData once the parent is a Holocene block).
 */
export function nextBaseFee(parent: ParentForBaseFee, rules: BaseFeeRules, chain: ChainOpConfig): bigint {
  if (rules === "bedrock" || rules === "canyon") {
    const denominator = rules === "canyon" ? chain.eip1559DenominatorCanyon : chain.eip1559Denominator;
    return eip1559BaseFee(parent, parent.gasUsed, { denominator, elasticity: chain.eip1559Elasticity });
  }
  const decoded = decodeExtraData(parent.extraData);
  const params =
    decoded.denominator === 0
      ? { denominator: chain.eip1559DenominatorCanyon, elasticity: chain.eip1559Elasticity }
      : decoded;
  if (rules === "holocene") return eip1559BaseFee(parent, parent.gasUsed, params);
  const blobGas = parent.blobGasUsed ?? 0n;
  const gasUsed = blobGas > parent.gasUsed ? blobGas : parent.gasUsed;
  const fee = eip1559BaseFee(parent, gasUsed, params);
  const min = decoded.minBaseFee ?? 0n;
  return fee > min ? fee : min;
}
