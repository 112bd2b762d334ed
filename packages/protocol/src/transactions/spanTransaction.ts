// Transactions as a span batch carries them (specs delta/span-batches.md, isthmus/derivation.md):
// the signature, nonce, gas and `to` are stored apart; `tx_data` keeps the rest of the fields as
// `[type ‖] rlp([...])`. This module rebuilds a signed EIP-2718 transaction from those parts
// (op-node span_batch_tx.go) and splits a signed transaction into them (for the batcher).
// Field rules follow geth's RLP decoding of op-node's spanBatch*TxData structs.
import { BatchError } from "../batches/batchError.ts";
import { bigIntToMinimalBytes } from "../encoding/bytes.ts";
import {
  headerLength,
  RlpError,
  type RlpItem,
  rlpCheckUint,
  rlpDecodeList,
  rlpEncodeList,
  rlpExpectCount,
  rlpListItems,
  rlpString,
  rlpStringLength,
  rlpUint,
  writeHeader,
} from "../encoding/rlp.ts";

export const LEGACY_TX_TYPE = 0;
export const ACCESS_LIST_TX_TYPE = 1;
export const DYNAMIC_FEE_TX_TYPE = 2;
export const BLOB_TX_TYPE = 3;
export const SET_CODE_TX_TYPE = 4;
export const DEPOSIT_TX_TYPE = 0x7e;

/** The EIP-2718 type of an encoded transaction (0 for legacy, whose first byte is an RLP list). */
export function transactionType(tx: Uint8Array): number {
  const first = tx[0] ?? 0;
  return first >= 0xc0 ? LEGACY_TX_TYPE : first;
}

export type SpanTxType = 0 | 1 | 2 | 4;

/** One transaction in span-batch form. */
export interface SpanTransaction {
  readonly type: SpanTxType;
  /** `tx_data`: legacy `rlp([value, gasPrice, data])`, typed `type ‖ rlp([...])`. */
  readonly data: Uint8Array;
  readonly nonce: bigint;
  readonly gas: bigint;
  /** Null for a contract creation. */
  readonly to: Uint8Array | null;
  readonly r: Uint8Array;
  readonly s: Uint8Array;
  readonly yParity: 0 | 1;
  /** Legacy only: EIP-155 protected. */
  readonly protected: boolean;
}

/** Field counts of tx_data lists, by type. */
const dataFieldCount: Record<SpanTxType, number> = { 0: 3, 1: 4, 2: 5, 4: 6 };

function isSpanTxType(type: number): type is SpanTxType {
  return type === 0 || type === 1 || type === 2 || type === 4;
}

function fieldError(cause: unknown, field: string): never {
  if (cause instanceof BatchError) throw cause;
  const detail = cause instanceof Error ? cause.message : String(cause);
  throw new BatchError("invalid tx fields", detail, { field, cause });
}

/** A canonical unsigned integer; `maxBytes` undefined means any size (geth's *big.Int). */
function checkUint(bytes: Uint8Array, item: RlpItem, what: string, maxBytes?: number): void {
  rlpCheckUint(bytes, item, maxBytes ?? Number.MAX_SAFE_INTEGER, what);
}

function checkFixed(bytes: Uint8Array, item: RlpItem, length: number, what: string): void {
  const value = rlpString(bytes, item);
  if (value.length !== length)
    throw new RlpError("wrong length", item.start, `${what} needs ${length} bytes`);
}

function checkAccessList(bytes: Uint8Array, item: RlpItem): void {
  for (const tuple of rlpListItems(bytes, item)) {
    const parts = rlpListItems(bytes, tuple);
    rlpExpectCount(parts, 2, tuple.start);
    checkFixed(bytes, parts[0] as RlpItem, 20, "access list address");
    for (const key of rlpListItems(bytes, parts[1] as RlpItem)) checkFixed(bytes, key, 32, "storage key");
  }
}

function checkAuthorizationList(bytes: Uint8Array, item: RlpItem): void {
  for (const auth of rlpListItems(bytes, item)) {
    const parts = rlpListItems(bytes, auth);
    rlpExpectCount(parts, 6, auth.start);
    const [chainId, address, nonce, v, r, s] = parts as [
      RlpItem,
      RlpItem,
      RlpItem,
      RlpItem,
      RlpItem,
      RlpItem,
    ];
    checkUint(bytes, chainId, "authorization chain id", 32);
    checkFixed(bytes, address, 20, "authorization address");
    checkUint(bytes, nonce, "authorization nonce", 8);
    checkUint(bytes, v, "authorization y parity", 1);
    checkUint(bytes, r, "authorization r", 32);
    checkUint(bytes, s, "authorization s", 32);
  }
}

/** The tx_data fields as RLP items (offsets into `data`), validated as geth would decode them. */
function parseTxData(type: number, data: Uint8Array): { type: SpanTxType; items: RlpItem[] } {
  if (!isSpanTxType(type)) throw new BatchError("unsupported tx type", `type ${type}`, { field: "tx_datas" });
  const start = type === LEGACY_TX_TYPE ? 0 : 1;
  try {
    const items = rlpDecodeList(data, start);
    const expected = dataFieldCount[type];
    rlpExpectCount(items, expected, start);
    // value, then the fee fields: uint256 for set-code txs, unbounded big.Int otherwise.
    const uintMax = type === SET_CODE_TX_TYPE ? 32 : undefined;
    const feeFields = type === DYNAMIC_FEE_TX_TYPE || type === SET_CODE_TX_TYPE ? 3 : 2;
    for (let i = 0; i < feeFields; i++) checkUint(data, items[i] as RlpItem, "value or fee", uintMax);
    rlpString(data, items[feeFields] as RlpItem); // data
    if (type !== LEGACY_TX_TYPE) checkAccessList(data, items[feeFields + 1] as RlpItem);
    if (type === SET_CODE_TX_TYPE) checkAuthorizationList(data, items[feeFields + 2] as RlpItem);
    return { type, items };
  } catch (error) {
    return fieldError(error, "tx_datas");
  }
}

/** The type a tx_data entry declares (validated only when the transaction is rebuilt). */
export function txDataType(data: Uint8Array): number {
  const first = data[0] ?? 0;
  return first <= 0x7f ? first : LEGACY_TX_TYPE;
}

/** Minimal big-endian bytes of a uint64 (RLP integer payload). */
function uintBytes(value: bigint): Uint8Array {
  if (value >= 0n && value <= 0xffff_ffffn) {
    // The common case, without bigint arithmetic.
    let rest = Number(value);
    const size = rest === 0 ? 0 : rest < 0x100 ? 1 : rest < 0x1_0000 ? 2 : rest < 0x100_0000 ? 3 : 4;
    const out = new Uint8Array(size);
    for (let i = size - 1; i >= 0; i--) {
      out[i] = rest & 0xff;
      rest >>>= 8;
    }
    return out;
  }
  if (value < 0n || value >= 1n << 64n) throw new BatchError("value out of range", `${value}`);
  let rest = value;
  let size = 0;
  for (let probe = rest; probe > 0n; probe >>= 8n) size++;
  const out = new Uint8Array(size);
  for (let i = size - 1; i >= 0; i--) {
    out[i] = Number(rest & 0xffn);
    rest >>= 8n;
  }
  return out;
}

/** Index of the first non-zero byte: a 32-byte signature value as an RLP integer payload. */
function firstNonZero(value: Uint8Array): number {
  let first = 0;
  while (first < value.length && value[first] === 0) first++;
  return first;
}

/**
 * A field of the rebuilt transaction: `src[start, end)`, either already RLP-encoded (`raw`) or a
 * byte string still to encode. Offsets instead of subarrays: views cost more than the copy.
 */
interface Field {
  readonly src: Uint8Array;
  readonly start: number;
  readonly end: number;
  readonly raw: boolean;
}

function stringField(src: Uint8Array, start = 0): Field {
  return { src, start, end: src.length, raw: false };
}

function fieldLength(field: Field): number {
  return field.raw ? field.end - field.start : rlpStringLength(field.src, field.start, field.end);
}

function copy(out: Uint8Array, at: number, src: Uint8Array, start: number, end: number): number {
  if (end - start > 48) {
    out.set(src.subarray(start, end), at);
    return at + end - start;
  }
  for (let i = start; i < end; i++) out[at++] = src[i] ?? 0;
  return at;
}

/** `[type ‖] rlp([fields])` written into one buffer. */
function encodeFields(type: number, fields: readonly Field[]): Uint8Array {
  let payload = 0;
  for (const field of fields) payload += fieldLength(field);
  const prefix = type === LEGACY_TX_TYPE ? 0 : 1;
  const out = new Uint8Array(prefix + headerLength(payload) + payload);
  if (prefix) out[0] = type;
  let at = writeHeader(out, prefix, payload, 0xc0);
  for (const field of fields) {
    if (field.raw) {
      at = copy(out, at, field.src, field.start, field.end);
      continue;
    }
    const length = field.end - field.start;
    if (length === 1 && (field.src[field.start] ?? 0) < 0x80) {
      out[at++] = field.src[field.start] ?? 0;
      continue;
    }
    at = writeHeader(out, at, length, 0x80);
    at = copy(out, at, field.src, field.start, field.end);
  }
  return out;
}

/** Per-chain values every rebuilt transaction needs, computed once. */
export interface ChainEncoding {
  readonly chainId: Uint8Array;
  /** Legacy EIP-155 v for y parity 0 and 1. */
  readonly protectedV: readonly [Uint8Array, Uint8Array];
}

export function chainEncoding(chainId: bigint): ChainEncoding {
  return {
    chainId: bigIntToMinimalBytes(chainId),
    protectedV: [bigIntToMinimalBytes(chainId * 2n + 35n), bigIntToMinimalBytes(chainId * 2n + 36n)],
  };
}

const unprotectedV: readonly [Uint8Array, Uint8Array] = [Uint8Array.of(27), Uint8Array.of(28)];
const yParityBytes: readonly [Uint8Array, Uint8Array] = [new Uint8Array(0), Uint8Array.of(1)];
const empty = new Uint8Array(0);

/** Rebuilds the signed EIP-2718 transaction (op-node spanBatchTx.convertToFullTx + MarshalBinary). */
export function buildTransaction(
  tx: Omit<SpanTransaction, "type"> & { type: number },
  chain: bigint | ChainEncoding,
): Uint8Array {
  const encoding = typeof chain === "bigint" ? chainEncoding(chain) : chain;
  const { type, items } = parseTxData(tx.type, tx.data);
  const raw = (i: number): Field => {
    const item = items[i] as RlpItem;
    return { src: tx.data, start: item.start, end: item.end, raw: true };
  };
  const nonce = stringField(uintBytes(tx.nonce));
  const gas = stringField(uintBytes(tx.gas));
  const to = stringField(tx.to ?? empty);
  const r = stringField(tx.r, firstNonZero(tx.r));
  const s = stringField(tx.s, firstNonZero(tx.s));
  const chainId = stringField(encoding.chainId);
  const y = stringField(yParityBytes[tx.yParity]);
  switch (type) {
    case LEGACY_TX_TYPE: {
      const v = (tx.protected ? encoding.protectedV : unprotectedV)[tx.yParity];
      // [nonce, gasPrice, gas, to, value, data, v, r, s]
      return encodeFields(type, [nonce, raw(1), gas, to, raw(0), raw(2), stringField(v), r, s]);
    }
    case ACCESS_LIST_TX_TYPE:
      return encodeFields(type, [chainId, nonce, raw(1), gas, to, raw(0), raw(2), raw(3), y, r, s]);
    case DYNAMIC_FEE_TX_TYPE:
      return encodeFields(type, [chainId, nonce, raw(1), raw(2), gas, to, raw(0), raw(3), raw(4), y, r, s]);
    case SET_CODE_TX_TYPE:
      if (tx.to === null)
        throw new BatchError("contract creation not allowed", "set-code transactions need a `to`");
      return encodeFields(type, [
        chainId,
        nonce,
        raw(1),
        raw(2),
        gas,
        to,
        raw(0),
        raw(3),
        raw(4),
        raw(5),
        y,
        r,
        s,
      ]);
  }
}

function pad32(value: Uint8Array, what: string): Uint8Array {
  if (value.length > 32) throw new BatchError("value out of range", `${what} over 32 bytes`);
  const out = new Uint8Array(32);
  out.set(value, 32 - value.length);
  return out;
}

/** Splits a signed transaction into span-batch form; deposits and blob txs cannot be batched. */
export function toSpanTransaction(tx: Uint8Array, chainId: bigint): SpanTransaction {
  const type = transactionType(tx);
  if (!isSpanTxType(type)) {
    throw new BatchError("not a span batch transaction", `type ${type} cannot be carried by a span batch`);
  }
  try {
    const items = rlpDecodeList(tx, type === LEGACY_TX_TYPE ? 0 : 1);
    const raw = (i: number) => {
      const item = items[i] as RlpItem;
      return tx.subarray(item.start, item.end);
    };
    const uint = (i: number, what: string) => rlpUint(tx, items[i] as RlpItem, 32, what);
    const toOf = (i: number) => {
      const value = rlpString(tx, items[i] as RlpItem);
      if (value.length !== 0 && value.length !== 20)
        throw new RlpError("wrong length", (items[i] as RlpItem).start, "to");
      return value.length === 0 ? null : value.slice();
    };
    const sig = (i: number) => ({
      r: pad32(bigIntToMinimalBytes(uint(i, "r")), "r"),
      s: pad32(bigIntToMinimalBytes(uint(i + 1, "s")), "s"),
    });
    if (type === LEGACY_TX_TYPE) {
      if (items.length !== 9) throw new RlpError("wrong length", 0, "legacy tx has 9 fields");
      const v = uint(6, "v");
      let yParity: bigint;
      let isProtected: boolean;
      if (v === 27n || v === 28n) {
        yParity = v - 27n;
        isProtected = false;
      } else {
        yParity = v - 35n - 2n * chainId;
        isProtected = true;
        if (yParity !== 0n && yParity !== 1n) throw new BatchError("chain id mismatch", `legacy v ${v}`);
      }
      return {
        type,
        data: rlpEncodeList([raw(4), raw(1), raw(5)]),
        nonce: uint(0, "nonce"),
        gas: uint(2, "gas"),
        to: toOf(3),
        ...sig(7),
        yParity: Number(yParity) as 0 | 1,
        protected: isProtected,
      };
    }
    const expected = { 1: 11, 2: 12, 4: 13 }[type];
    if (items.length !== expected)
      throw new RlpError("wrong length", 1, `type ${type} tx has ${expected} fields`);
    if (uint(0, "chain id") !== chainId) throw new BatchError("chain id mismatch", `type ${type} tx`);
    const feeCount = type === ACCESS_LIST_TX_TYPE ? 1 : 2;
    const gasIndex = 2 + feeCount;
    const fees = Array.from({ length: feeCount }, (_, i) => raw(2 + i));
    const rest = type === SET_CODE_TX_TYPE ? [raw(gasIndex + 4), raw(gasIndex + 5)] : [raw(gasIndex + 4)];
    const yIndex = items.length - 3;
    const y = uint(yIndex, "y parity");
    if (y > 1n) throw new BatchError("value out of range", `y parity ${y}`);
    const body = rlpEncodeList([raw(gasIndex + 2), ...fees, raw(gasIndex + 3), ...rest]);
    const data = new Uint8Array(body.length + 1);
    data[0] = type;
    data.set(body, 1);
    return {
      type,
      data,
      nonce: uint(1, "nonce"),
      gas: uint(gasIndex, "gas"),
      to: toOf(gasIndex + 1),
      ...sig(yIndex + 1),
      yParity: Number(y) as 0 | 1,
      protected: false,
    };
  } catch (error) {
    return fieldError(error, "transaction");
  }
}
