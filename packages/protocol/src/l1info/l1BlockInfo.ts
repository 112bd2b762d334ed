// The L1 attributes deposit (specs deposits.md "L1 Attributes Deposited Transaction",
// ecotone|isthmus|jovian/l1-attributes.md; op-node l1_block_info.go): its calldata in the four
// formats (Bedrock, Ecotone, Isthmus, Jovian), and the deposit transaction that carries it.
import type { ForkSchedule } from "../config/forks.ts";
import type { SystemConfig } from "../config/rollupConfig.ts";
import { keccak256Text } from "../crypto/keccak.ts";
import { type DepositTx, decodeDepositTx } from "../deposits/depositTx.ts";
import { l1InfoDepositSourceHash } from "../deposits/sourceHash.ts";
import { bytesToBigInt, bytesToHex, hexToBytes } from "../encoding/bytes.ts";
import { SupernodeError } from "../errors.ts";
import type { Address, Hash, Hex } from "../types/primitives.ts";

export type L1InfoFormat = "bedrock" | "ecotone" | "isthmus" | "jovian";

const selector = (signature: string) => bytesToHex(keccak256Text(signature).subarray(0, 4));

export const L1_INFO_SELECTORS: Readonly<Record<L1InfoFormat, Hex>> = {
  bedrock: selector("setL1BlockValues(uint64,uint64,uint256,bytes32,uint64,bytes32,uint256,uint256)"),
  ecotone: selector("setL1BlockValuesEcotone()"),
  isthmus: selector("setL1BlockValuesIsthmus()"),
  jovian: selector("setL1BlockValuesJovian()"),
};

export const L1_INFO_LENGTHS: Readonly<Record<L1InfoFormat, number>> = {
  bedrock: 260,
  ecotone: 164,
  isthmus: 176,
  jovian: 178,
};

export const L1_INFO_DEPOSITOR: Address = "0xdeaddeaddeaddeaddeaddeaddeaddeaddead0001";
export const L1_BLOCK_PREDEPLOY: Address = "0x4200000000000000000000000000000000000015";
/** Jovian: an unset (0) DA footprint gas scalar is written as this default. */
export const DEFAULT_DA_FOOTPRINT_GAS_SCALAR = 400;

/** Everything the L1-info calldata carries; fields a format lacks are zero. */
export interface L1BlockInfo {
  readonly format: L1InfoFormat;
  readonly number: number;
  readonly timestamp: number;
  readonly baseFee: bigint;
  readonly hash: Hash;
  readonly sequenceNumber: number;
  readonly batcherAddr: Address;
  /** Bedrock only. */
  readonly l1FeeOverhead: Hex;
  readonly l1FeeScalar: Hex;
  /** Ecotone and later. */
  readonly blobBaseFee: bigint;
  readonly baseFeeScalar: number;
  readonly blobBaseFeeScalar: number;
  /** Isthmus and later. */
  readonly operatorFeeScalar: number;
  readonly operatorFeeConstant: bigint;
  /** Jovian. */
  readonly daFootprintGasScalar: number;
}

export class L1InfoError extends SupernodeError<"L1_INFO_INVALID", { reason: string }> {
  override readonly name = "L1InfoError";

  constructor(reason: string) {
    super("L1_INFO_INVALID", `L1 info: ${reason}`, { reason });
  }
}

const zero32: Hex = `0x${"00".repeat(32)}`;

class Writer {
  readonly out: Uint8Array;
  at = 0;
  constructor(length: number) {
    this.out = new Uint8Array(length);
  }
  bytes(value: Uint8Array): this {
    this.out.set(value, this.at);
    this.at += value.length;
    return this;
  }
  /** Big-endian into the (zeroed) output in place: this runs for every derived block. */
  uint(value: bigint | number, width: number): this {
    const start = this.at;
    if (typeof value === "number" && Number.isSafeInteger(value) && value >= 0) {
      for (let i = start + width - 1, rest = value; rest > 0; i--, rest = Math.floor(rest / 256)) {
        if (i < start) throw new RangeError(`${value} does not fit in ${width} bytes`);
        this.out[i] = rest % 256;
      }
    } else {
      const big = BigInt(value);
      if (big < 0n) throw new RangeError(`${value} is negative`);
      for (let i = start + width - 1, rest = big; rest > 0n; i--, rest >>= 8n) {
        if (i < start) throw new RangeError(`${value} does not fit in ${width} bytes`);
        this.out[i] = Number(rest & 0xffn);
      }
    }
    this.at += width;
    return this;
  }
}

const SELECTOR_BYTES = Object.fromEntries(
  Object.entries(L1_INFO_SELECTORS).map(([format, selector]) => [format, hexToBytes(selector)]),
) as Record<L1InfoFormat, Uint8Array>;

/** The calldata of the L1-info deposit in `info.format`. */
export function encodeL1BlockInfo(info: L1BlockInfo): Uint8Array {
  const w = new Writer(L1_INFO_LENGTHS[info.format]).bytes(SELECTOR_BYTES[info.format]);
  const batcherHash = new Uint8Array(32);
  batcherHash.set(hexToBytes(info.batcherAddr).subarray(-20), 12);
  if (info.format === "bedrock") {
    return w
      .uint(info.number, 32)
      .uint(info.timestamp, 32)
      .uint(info.baseFee, 32)
      .bytes(hexToBytes(info.hash))
      .uint(info.sequenceNumber, 32)
      .bytes(batcherHash)
      .bytes(hexToBytes(info.l1FeeOverhead))
      .bytes(hexToBytes(info.l1FeeScalar)).out;
  }
  w.uint(info.baseFeeScalar, 4)
    .uint(info.blobBaseFeeScalar, 4)
    .uint(info.sequenceNumber, 8)
    .uint(info.timestamp, 8)
    .uint(info.number, 8)
    .uint(info.baseFee, 32)
    .uint(info.blobBaseFee, 32)
    .bytes(hexToBytes(info.hash))
    .bytes(batcherHash);
  if (info.format === "ecotone") return w.out;
  w.uint(info.operatorFeeScalar, 4).uint(info.operatorFeeConstant, 8);
  if (info.format === "isthmus") return w.out;
  return w.uint(
    info.daFootprintGasScalar === 0 ? DEFAULT_DA_FOOTPRINT_GAS_SCALAR : info.daFootprintGasScalar,
    2,
  ).out;
}

function formatOf(data: Uint8Array): L1InfoFormat {
  const head = bytesToHex(data.subarray(0, 4));
  const format = (Object.keys(L1_INFO_SELECTORS) as L1InfoFormat[]).find(
    (f) => L1_INFO_SELECTORS[f] === head,
  );
  if (!format) throw new L1InfoError(`unknown selector ${head}`);
  if (data.length !== L1_INFO_LENGTHS[format]) {
    throw new L1InfoError(`${format} calldata must be ${L1_INFO_LENGTHS[format]} bytes, got ${data.length}`);
  }
  return format;
}

/** A 32-byte ABI word holding a uintN / address: the high bytes must be zero (solabi's rule). */
function paddedWord(data: Uint8Array, at: number, significant: number, what: string): Uint8Array {
  const word = data.subarray(at, at + 32);
  if (word.subarray(0, 32 - significant).some((byte) => byte !== 0))
    throw new L1InfoError(`${what} padding is not empty`);
  return word.subarray(32 - significant);
}

function safe(value: bigint, what: string): number {
  if (value > BigInt(Number.MAX_SAFE_INTEGER)) throw new L1InfoError(`${what} ${value} is beyond 2^53`);
  return Number(value);
}

/** Decodes L1-info calldata in any format; throws L1InfoError. */
export function decodeL1BlockInfo(data: Uint8Array): L1BlockInfo {
  if (data.length < 4) throw new L1InfoError(`${data.length} bytes is too short`);
  const format = formatOf(data);
  const read = (at: number, width: number) => bytesToBigInt(data.subarray(at, at + width));
  if (format === "bedrock") {
    return {
      format,
      number: safe(bytesToBigInt(paddedWord(data, 4, 8, "number")), "number"),
      timestamp: safe(bytesToBigInt(paddedWord(data, 36, 8, "timestamp")), "timestamp"),
      baseFee: read(68, 32),
      hash: bytesToHex(data.subarray(100, 132)),
      sequenceNumber: safe(bytesToBigInt(paddedWord(data, 132, 8, "sequenceNumber")), "sequenceNumber"),
      batcherAddr: bytesToHex(paddedWord(data, 164, 20, "batcherHash")),
      l1FeeOverhead: bytesToHex(data.subarray(196, 228)),
      l1FeeScalar: bytesToHex(data.subarray(228, 260)),
      blobBaseFee: 0n,
      baseFeeScalar: 0,
      blobBaseFeeScalar: 0,
      operatorFeeScalar: 0,
      operatorFeeConstant: 0n,
      daFootprintGasScalar: 0,
    };
  }
  return {
    format,
    baseFeeScalar: Number(read(4, 4)),
    blobBaseFeeScalar: Number(read(8, 4)),
    sequenceNumber: safe(read(12, 8), "sequenceNumber"),
    timestamp: safe(read(20, 8), "timestamp"),
    number: safe(read(28, 8), "number"),
    baseFee: read(36, 32),
    blobBaseFee: read(68, 32),
    hash: bytesToHex(data.subarray(100, 132)),
    batcherAddr: bytesToHex(paddedWord(data, 132, 20, "batcherHash")),
    l1FeeOverhead: zero32,
    l1FeeScalar: zero32,
    operatorFeeScalar: format === "ecotone" ? 0 : Number(read(164, 4)),
    operatorFeeConstant: format === "ecotone" ? 0n : read(168, 8),
    daFootprintGasScalar: format === "jovian" ? Number(read(176, 2)) : 0,
  };
}

/** The format an L2 block at `l2Timestamp` uses: a fork's own activation block keeps the previous format. */
export function l1InfoFormatAt(forks: ForkSchedule, l2Timestamp: number): L1InfoFormat {
  const settled = (fork: "ecotone" | "isthmus" | "jovian") =>
    forks.isActive(fork, l2Timestamp) && !forks.isActivationBlock(fork, l2Timestamp);
  if (settled("jovian")) return "jovian";
  if (settled("isthmus")) return "isthmus";
  if (settled("ecotone")) return "ecotone";
  return "bedrock";
}

/** Splits the system config's versioned fee scalar (specs system-config.md "Post-Ecotone Scalar Encoding"). */
export function ecotoneScalars(scalar: Hex): { baseFeeScalar: number; blobBaseFeeScalar: number } {
  const bytes = hexToBytes(scalar);
  const base = Number(bytesToBigInt(bytes.subarray(28, 32)));
  if (bytes[0] === 0) return { baseFeeScalar: base, blobBaseFeeScalar: 0 };
  if (bytes[0] === 1)
    return { baseFeeScalar: base, blobBaseFeeScalar: Number(bytesToBigInt(bytes.subarray(24, 28))) };
  throw new L1InfoError(`unknown scalar version ${bytes[0]}`);
}

export interface L1Origin {
  readonly number: number;
  readonly timestamp: number;
  readonly hash: Hash;
  readonly baseFee: bigint;
  readonly blobBaseFee: bigint;
}

/** The L1-info fields for an L2 block: its L1 origin, sequence number and the system config. */
export function l1BlockInfo(
  format: L1InfoFormat,
  origin: L1Origin,
  sequenceNumber: number,
  config: SystemConfig,
): L1BlockInfo {
  const operator = hexToBytes(config.operatorFeeParams);
  const { baseFeeScalar, blobBaseFeeScalar } =
    format === "bedrock" ? { baseFeeScalar: 0, blobBaseFeeScalar: 0 } : ecotoneScalars(config.scalar);
  return {
    format,
    number: origin.number,
    timestamp: origin.timestamp,
    baseFee: origin.baseFee,
    hash: origin.hash,
    sequenceNumber,
    batcherAddr: config.batcherAddr,
    l1FeeOverhead: format === "bedrock" ? config.overhead : zero32,
    l1FeeScalar: format === "bedrock" ? config.scalar : zero32,
    blobBaseFee: format === "bedrock" ? 0n : origin.blobBaseFee,
    baseFeeScalar,
    blobBaseFeeScalar,
    operatorFeeScalar: Number(bytesToBigInt(operator.subarray(20, 24))),
    operatorFeeConstant: bytesToBigInt(operator.subarray(24, 32)),
    daFootprintGasScalar: config.daFootprintGasScalar,
  };
}

/** The deposit carrying L1 info: gas 150M and a system tx before Regolith, 1M and not after. */
export function l1InfoDepositTx(info: L1BlockInfo, regolith: boolean): DepositTx {
  return {
    sourceHash: l1InfoDepositSourceHash(info.hash, info.sequenceNumber),
    from: L1_INFO_DEPOSITOR,
    to: L1_BLOCK_PREDEPLOY,
    mint: 0n,
    value: 0n,
    gas: regolith ? 1_000_000n : 150_000_000n,
    isSystemTx: !regolith,
    data: encodeL1BlockInfo(info),
  };
}

/**
 * The L1 info of an L2 block, from its first transaction (the L1-info deposit): the L1 origin,
 * the sequence number and the system-config values it carries. Throws L1InfoError or DepositError.
 */
export function l1BlockInfoFromTransaction(firstTransaction: Uint8Array): L1BlockInfo {
  const deposit = decodeDepositTx(firstTransaction);
  if (deposit.from !== L1_INFO_DEPOSITOR || deposit.to !== L1_BLOCK_PREDEPLOY) {
    throw new L1InfoError(
      `the first transaction is not the L1-info deposit (from ${deposit.from} to ${deposit.to})`,
    );
  }
  return decodeL1BlockInfo(deposit.data);
}
