// User deposits from L1 receipts (specs deposits.md; op-node deposit_log.go): OptimismPortal's
// `TransactionDeposited(address indexed from, address indexed to, uint256 indexed version,
// bytes opaqueData)`, version 0 only, decoded with op-node's checks.
import { keccak256Text } from "../crypto/keccak.ts";
import { bigIntToFixedBytes, bytesToBigInt, bytesToHex, concatBytes, hexToBytes } from "../encoding/bytes.ts";
import type { Address, Hash } from "../types/primitives.ts";
import { DepositError, type DepositTx } from "./depositTx.ts";
import { userDepositSourceHash } from "./sourceHash.ts";

export const DEPOSIT_EVENT_SIGNATURE = "TransactionDeposited(address,address,uint256,bytes)";
export const DEPOSIT_EVENT_TOPIC: Hash = bytesToHex(keccak256Text(DEPOSIT_EVENT_SIGNATURE));
export const DEPOSIT_EVENT_VERSION_0: Hash = `0x${"00".repeat(32)}`;

export interface ReceiptLog {
  readonly address: Address;
  readonly topics: readonly Hash[];
  readonly data: Uint8Array;
  /** Block-global log index. */
  readonly logIndex: number;
}

export interface DepositReceipt {
  /** Only successful receipts can carry deposits. */
  readonly status: "success" | "reverted";
  readonly logs: readonly ReceiptLog[];
}

/** One TransactionDeposited log of the L1 block `l1BlockHash` → the deposit transaction. */
export function decodeDepositLog(log: ReceiptLog, l1BlockHash: Hash): DepositTx {
  if (log.topics.length !== 4) throw new DepositError(`expected 4 event topics, got ${log.topics.length}`);
  if (log.topics[0]?.toLowerCase() !== DEPOSIT_EVENT_TOPIC)
    throw new DepositError(`invalid deposit event selector ${log.topics[0]}`);
  const data = log.data;
  if (data.length < 64) throw new DepositError(`incomplete opaqueData slice header (${data.length} bytes)`);
  if (data.length % 32 !== 0)
    throw new DepositError(`log data of ${data.length} bytes is not a multiple of 32`);
  const offset = bytesToBigInt(data.subarray(0, 32));
  if (offset !== 32n) throw new DepositError(`invalid opaqueData slice header offset ${offset}`);
  const length = bytesToBigInt(data.subarray(32, 64));
  const room = BigInt(data.length - 64);
  if (length > room || length + 32n <= room)
    throw new DepositError(`invalid opaqueData slice header length ${length}`);
  const version = log.topics[3]?.toLowerCase();
  if (version !== DEPOSIT_EVENT_VERSION_0) throw new DepositError(`invalid deposit version ${version}`);
  const opaque = data.subarray(64, 64 + Number(length));
  if (opaque.length < 32 + 32 + 8 + 1)
    throw new DepositError(`unexpected opaqueData length ${opaque.length}`);
  const address = (topic: Hash | undefined) => bytesToHex(hexToBytes(topic ?? "0x").subarray(12, 32));
  return {
    sourceHash: userDepositSourceHash(l1BlockHash, log.logIndex),
    from: address(log.topics[1]),
    to: opaque[72] === 0 ? address(log.topics[2]) : null,
    mint: bytesToBigInt(opaque.subarray(0, 32)),
    value: bytesToBigInt(opaque.subarray(32, 64)),
    gas: bytesToBigInt(opaque.subarray(64, 72)),
    isSystemTx: false,
    data: opaque.slice(73),
  };
}

export interface UserDeposits {
  readonly deposits: DepositTx[];
  /** One per malformed deposit log; the attributes builder treats any as critical. */
  readonly errors: DepositError[];
}

/** Every deposit of an L1 block, in log order, from its successful receipts (op-node UserDeposits). */
export function userDeposits(
  receipts: readonly DepositReceipt[],
  depositContract: Address,
  l1BlockHash: Hash,
): UserDeposits {
  const deposits: DepositTx[] = [];
  const errors: DepositError[] = [];
  const contract = depositContract.toLowerCase();
  receipts.forEach((receipt, i) => {
    if (receipt.status !== "success") return;
    receipt.logs.forEach((log, j) => {
      if (log.address.toLowerCase() !== contract || log.topics[0]?.toLowerCase() !== DEPOSIT_EVENT_TOPIC)
        return;
      try {
        deposits.push(decodeDepositLog(log, l1BlockHash));
      } catch (error) {
        const reason = error instanceof Error ? error.message : String(error);
        errors.push(
          new DepositError(`malformed deposit log in receipt ${i}, log ${j}: ${reason}`, { cause: error }),
        );
      }
    });
  });
  return { deposits, errors };
}

/** The log OptimismPortal emits for a deposit (for devnet contracts and tests). */
export function encodeDepositLogData(
  deposit: Omit<DepositTx, "sourceHash" | "from" | "isSystemTx">,
): Uint8Array {
  const opaque = concatBytes([
    bigIntToFixedBytes(deposit.mint, 32),
    bigIntToFixedBytes(deposit.value, 32),
    bigIntToFixedBytes(deposit.gas, 8),
    Uint8Array.of(deposit.to === null ? 1 : 0),
    deposit.data,
  ]);
  const padded = new Uint8Array(Math.ceil(opaque.length / 32) * 32);
  padded.set(opaque);
  return concatBytes([bigIntToFixedBytes(32n, 32), bigIntToFixedBytes(BigInt(opaque.length), 32), padded]);
}
