// Deposit transactions (type 0x7e; specs deposits.md): 0x7e ‖ rlp([sourceHash, from, to, mint,
// value, gas, isSystemTx, data]), `to` empty for a contract creation.
import { keccak256Hex } from "../crypto/keccak.ts";
import { bytesToHex, concatBytes, hexToBytes } from "../encoding/bytes.ts";
import {
  RlpError,
  type RlpItem,
  rlpDecodeList,
  rlpEncodeList,
  rlpEncodeString,
  rlpEncodeUint,
  rlpExpectCount,
  rlpFixedString,
  rlpString,
  rlpUint,
} from "../encoding/rlp.ts";
import { SupernodeError } from "../errors.ts";
import { DEPOSIT_TX_TYPE } from "../transactions/spanTransaction.ts";
import type { Address, Hash } from "../types/primitives.ts";

export interface DepositTx {
  readonly sourceHash: Hash;
  readonly from: Address;
  /** Null for a contract creation. */
  readonly to: Address | null;
  readonly mint: bigint;
  readonly value: bigint;
  readonly gas: bigint;
  readonly isSystemTx: boolean;
  readonly data: Uint8Array;
}

export class DepositError extends SupernodeError<"DEPOSIT_INVALID", { reason: string }> {
  override readonly name = "DepositError";

  constructor(reason: string, options?: { cause?: unknown }) {
    super("DEPOSIT_INVALID", `deposit: ${reason}`, { reason }, options);
  }
}

export function encodeDepositTx(tx: DepositTx): Uint8Array {
  const body = rlpEncodeList([
    rlpEncodeString(hexToBytes(tx.sourceHash)),
    rlpEncodeString(hexToBytes(tx.from)),
    rlpEncodeString(tx.to === null ? new Uint8Array(0) : hexToBytes(tx.to)),
    rlpEncodeUint(tx.mint),
    rlpEncodeUint(tx.value),
    rlpEncodeUint(tx.gas),
    rlpEncodeString(tx.isSystemTx ? Uint8Array.of(1) : new Uint8Array(0)),
    rlpEncodeString(tx.data),
  ]);
  return concatBytes([Uint8Array.of(DEPOSIT_TX_TYPE), body]);
}

export function decodeDepositTx(bytes: Uint8Array): DepositTx {
  if (bytes[0] !== DEPOSIT_TX_TYPE)
    throw new DepositError(`type byte 0x${(bytes[0] ?? 0).toString(16)}, not 0x7e`);
  try {
    const items = rlpDecodeList(bytes, 1);
    rlpExpectCount(items, 8, 1);
    const [source, from, to, mint, value, gas, isSystem, data] = items as RlpItem[] as [
      RlpItem,
      RlpItem,
      RlpItem,
      RlpItem,
      RlpItem,
      RlpItem,
      RlpItem,
      RlpItem,
    ];
    const toBytes = rlpString(bytes, to);
    if (toBytes.length !== 0 && toBytes.length !== 20) throw new RlpError("wrong length", to.start, "to");
    const system = rlpUint(bytes, isSystem, 1, "isSystemTx");
    if (system > 1n) throw new RlpError("value too large", isSystem.start, "isSystemTx is a bool");
    return {
      sourceHash: bytesToHex(rlpFixedString(bytes, source, 32, "sourceHash")),
      from: bytesToHex(rlpFixedString(bytes, from, 20, "from")),
      to: toBytes.length === 0 ? null : bytesToHex(toBytes),
      mint: rlpUint(bytes, mint, 32, "mint"),
      value: rlpUint(bytes, value, 32, "value"),
      gas: rlpUint(bytes, gas, 8, "gas"),
      isSystemTx: system === 1n,
      data: rlpString(bytes, data).slice(),
    };
  } catch (error) {
    if (error instanceof RlpError) throw new DepositError(error.message, { cause: error });
    throw error;
  }
}

export function depositTxHash(tx: DepositTx): Hash {
  return keccak256Hex(encodeDepositTx(tx));
}

/** The L1→L2 alias of a contract address (OptimismPortal applies it to contract callers). */
const ALIAS_OFFSET = 0x1111000000000000000000000000000000001111n;
const ADDRESS_MODULUS = 1n << 160n;

function addressToBigInt(address: Address): bigint {
  return BigInt(address);
}

function bigIntToAddress(value: bigint): Address {
  return bytesToHex(hexToBytes(`0x${value.toString(16).padStart(40, "0")}`));
}

export function applyL1ToL2Alias(address: Address): Address {
  return bigIntToAddress((addressToBigInt(address) + ALIAS_OFFSET) % ADDRESS_MODULUS);
}

export function undoL1ToL2Alias(address: Address): Address {
  return bigIntToAddress((addressToBigInt(address) - ALIAS_OFFSET + ADDRESS_MODULUS) % ADDRESS_MODULUS);
}
