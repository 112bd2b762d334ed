// A transaction's EIP-2718 bytes from its JSON-RPC object, as op-node's PayloadByHash rebuilds a
// payload from eth_getBlockByHash: deposits (0x7e) by the protocol package, signed types by
// viem. The result must hash to the object's `hash`, so an encoding slip is caught, not sent.
import {
  bytesToHex,
  encodeDepositTx,
  type Hash,
  type Hex,
  hexToBytes,
  keccak256Hex,
} from "@supernode/protocol";
import { serializeTransaction, type TransactionSerializable } from "viem";
import type { RpcTransaction } from "./l2Reader.ts";

const big = (value: unknown): bigint => BigInt(value as string);
const num = (value: unknown): number => Number(value as string);

function signed(tx: RpcTransaction): Hex {
  const type = num(tx.type);
  const base = {
    chainId: tx.chainId === undefined ? undefined : num(tx.chainId),
    nonce: num(tx.nonce),
    gas: big(tx.gas),
    to: (tx.to ?? null) as Hex | null,
    value: big(tx.value),
    data: tx.input as Hex,
  };
  const signature = {
    r: tx.r as Hex,
    s: tx.s as Hex,
    ...(type === 0 ? { v: big(tx.v) } : { yParity: num(tx.yParity ?? tx.v) }),
  };
  const accessList = (tx.accessList ?? []) as TransactionSerializable["accessList"];
  let serializable: TransactionSerializable;
  switch (type) {
    case 0:
      serializable = {
        ...base,
        type: "legacy",
        gasPrice: big(tx.gasPrice),
        ...(tx.chainId === undefined ? { chainId: undefined } : {}),
      } as TransactionSerializable;
      break;
    case 1:
      serializable = {
        ...base,
        type: "eip2930",
        gasPrice: big(tx.gasPrice),
        accessList,
      } as TransactionSerializable;
      break;
    case 2:
      serializable = {
        ...base,
        type: "eip1559",
        maxFeePerGas: big(tx.maxFeePerGas),
        maxPriorityFeePerGas: big(tx.maxPriorityFeePerGas),
        accessList,
      } as TransactionSerializable;
      break;
    case 4:
      serializable = {
        ...base,
        type: "eip7702",
        maxFeePerGas: big(tx.maxFeePerGas),
        maxPriorityFeePerGas: big(tx.maxPriorityFeePerGas),
        accessList,
        authorizationList: ((tx.authorizationList ?? []) as Record<string, unknown>[]).map((a) => ({
          chainId: num(a.chainId),
          address: (a.address ?? a.contractAddress) as Hex,
          nonce: num(a.nonce),
          r: a.r as Hex,
          s: a.s as Hex,
          yParity: num(a.yParity),
        })),
      } as TransactionSerializable;
      break;
    default:
      throw new Error(`transaction type ${type} cannot be in an OP block`);
  }
  return serializeTransaction(serializable, signature as never);
}

export function rawTransactionFromRpc(tx: RpcTransaction): Hex {
  const raw =
    num(tx.type) === 0x7e
      ? bytesToHex(
          encodeDepositTx({
            sourceHash: tx.sourceHash as Hash,
            from: tx.from as Hex,
            to: (tx.to ?? null) as Hex | null,
            mint: big(tx.mint ?? "0x0"),
            value: big(tx.value),
            gas: big(tx.gas),
            isSystemTx: tx.isSystemTx === true,
            data: hexToBytes(tx.input as Hex),
          }),
        )
      : signed(tx);
  const hash = keccak256Hex(hexToBytes(raw));
  if (hash !== tx.hash.toLowerCase())
    throw new Error(`re-encoded transaction hashes to ${hash}, not ${tx.hash}`);
  return raw;
}
