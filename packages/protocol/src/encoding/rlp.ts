// RLP with geth's strictness (rlp/decode.go): non-canonical sizes and integers are errors, so a
// batch that op-node rejects is rejected here too.
import { SupernodeError } from "../errors.ts";
import { bigIntToMinimalBytes, concatBytes } from "./bytes.ts";

export type RlpErrorReason =
  | "unexpected end"
  | "non-canonical size"
  | "non-canonical integer"
  | "value too large"
  | "expected string"
  | "expected list"
  | "wrong length"
  | "too many elements"
  | "too few elements"
  | "trailing bytes";

export class RlpError extends SupernodeError<"RLP_INVALID", { reason: RlpErrorReason; offset: number }> {
  override readonly name = "RlpError";

  constructor(reason: RlpErrorReason, offset: number, detail?: string) {
    super("RLP_INVALID", `rlp: ${reason}${detail ? ` (${detail})` : ""} at offset ${offset}`, {
      reason,
      offset,
    });
  }
}

/** One RLP item located in a buffer: its payload is bytes[payloadStart, end). */
export interface RlpItem {
  readonly kind: "string" | "list";
  readonly start: number;
  readonly payloadStart: number;
  readonly end: number;
}

function readLength(bytes: Uint8Array, at: number, size: number, limit: number): number {
  if (at + size > limit) throw new RlpError("unexpected end", at);
  if (bytes[at] === 0) throw new RlpError("non-canonical size", at, "leading zero in length");
  let length = 0;
  for (let i = 0; i < size; i++) length = length * 256 + (bytes[at + i] ?? 0);
  return length;
}

/** Reads the item header at `offset`; the item must end at or before `limit`. */
export function rlpItemAt(bytes: Uint8Array, offset: number, limit: number = bytes.length): RlpItem {
  if (offset >= limit) throw new RlpError("unexpected end", offset);
  const prefix = bytes[offset] ?? 0;
  let kind: RlpItem["kind"];
  let payloadStart: number;
  let length: number;
  if (prefix < 0x80) {
    return { kind: "string", start: offset, payloadStart: offset, end: offset + 1 };
  }
  if (prefix < 0xb8) {
    kind = "string";
    payloadStart = offset + 1;
    length = prefix - 0x80;
    if (length === 1) {
      if (payloadStart >= limit) throw new RlpError("unexpected end", payloadStart);
      if ((bytes[payloadStart] ?? 0) < 0x80) {
        throw new RlpError("non-canonical size", offset, "single byte below 0x80 must be its own encoding");
      }
    }
  } else if (prefix < 0xc0) {
    kind = "string";
    const size = prefix - 0xb7;
    length = readLength(bytes, offset + 1, size, limit);
    if (length < 56) throw new RlpError("non-canonical size", offset, "long form for a short string");
    payloadStart = offset + 1 + size;
  } else if (prefix < 0xf8) {
    kind = "list";
    payloadStart = offset + 1;
    length = prefix - 0xc0;
  } else {
    kind = "list";
    const size = prefix - 0xf7;
    length = readLength(bytes, offset + 1, size, limit);
    if (length < 56) throw new RlpError("non-canonical size", offset, "long form for a short list");
    payloadStart = offset + 1 + size;
  }
  const end = payloadStart + length;
  if (end > limit) throw new RlpError(length > limit ? "value too large" : "unexpected end", offset);
  return { kind, start: offset, payloadStart, end };
}

/** The items directly inside a list item. */
export function rlpListItems(bytes: Uint8Array, list: RlpItem): RlpItem[] {
  if (list.kind !== "list") throw new RlpError("expected list", list.start);
  const items: RlpItem[] = [];
  let at = list.payloadStart;
  while (at < list.end) {
    const item = rlpItemAt(bytes, at, list.end);
    items.push(item);
    at = item.end;
  }
  return items;
}

/** Decodes `bytes` as exactly one list (nothing may follow it) and returns its elements. */
export function rlpDecodeList(bytes: Uint8Array, offset = 0, end = bytes.length): RlpItem[] {
  const list = rlpItemAt(bytes, offset, end);
  if (list.kind !== "list") throw new RlpError("expected list", offset);
  if (list.end !== end) throw new RlpError("trailing bytes", list.end);
  return rlpListItems(bytes, list);
}

export function rlpString(bytes: Uint8Array, item: RlpItem): Uint8Array {
  if (item.kind !== "string") throw new RlpError("expected string", item.start);
  return bytes.subarray(item.payloadStart, item.end);
}

export function rlpFixedString(bytes: Uint8Array, item: RlpItem, length: number, what: string): Uint8Array {
  const value = rlpString(bytes, item);
  if (value.length !== length)
    throw new RlpError("wrong length", item.start, `${what} needs ${length} bytes`);
  return value;
}

/** A canonical unsigned integer (no leading zeros) of at most `maxBytes` bytes. */
export function rlpUint(bytes: Uint8Array, item: RlpItem, maxBytes: number, what: string): bigint {
  const value = rlpString(bytes, item);
  if (value.length > maxBytes)
    throw new RlpError("value too large", item.start, `${what} over ${maxBytes * 8} bits`);
  if (value.length > 0 && value[0] === 0) throw new RlpError("non-canonical integer", item.start, what);
  let out = 0n;
  for (const byte of value) out = (out << 8n) | BigInt(byte);
  return out;
}

/** rlpUint's checks without building the value: a canonical string of at most `maxBytes` bytes. */
export function rlpCheckUint(bytes: Uint8Array, item: RlpItem, maxBytes: number, what: string): void {
  if (item.kind !== "string") throw new RlpError("expected string", item.start);
  const length = item.end - item.payloadStart;
  if (length > maxBytes)
    throw new RlpError("value too large", item.start, `${what} over ${maxBytes * 8} bits`);
  if (length > 0 && bytes[item.payloadStart] === 0)
    throw new RlpError("non-canonical integer", item.start, what);
}

/** Length of the RLP encoding of the byte string `value[start, end)`. */
export function rlpStringLength(value: Uint8Array, start = 0, end = value.length): number {
  const length = end - start;
  if (length === 1 && (value[start] ?? 0) < 0x80) return 1;
  return length < 56 ? 1 + length : 1 + byteLength(length) + length;
}

/** Writes a list header for a payload of `length` bytes; returns the next offset. */
export function writeHeader(out: Uint8Array, at: number, length: number, shortBase: number): number {
  if (length < 56) {
    out[at] = shortBase + length;
    return at + 1;
  }
  const size = byteLength(length);
  out[at] = shortBase + 55 + size;
  for (let i = size; i >= 1; i--) {
    out[at + i] = length & 0xff;
    length = Math.floor(length / 256);
  }
  return at + 1 + size;
}

/** Length of a list header for a payload of `length` bytes. */
export function headerLength(length: number): number {
  return length < 56 ? 1 : 1 + byteLength(length);
}

function byteLength(value: number): number {
  let size = 0;
  for (let rest = value; rest > 0; rest = Math.floor(rest / 256)) size++;
  return size;
}

/** A list must have exactly `count` elements (geth's struct decoding: too many / too few). */
export function rlpExpectCount(
  items: readonly RlpItem[],
  count: number,
  offset: number,
  detail?: string,
): void {
  if (items.length === count) return;
  throw new RlpError(
    items.length > count ? "too many elements" : "too few elements",
    offset,
    detail ?? `expected ${count}`,
  );
}

// --- encoding ---

function header(length: number, shortBase: number): Uint8Array {
  if (length < 56) return Uint8Array.of(shortBase + length);
  const size = bigIntToMinimalBytes(BigInt(length));
  return concatBytes([Uint8Array.of(shortBase + 55 + size.length), size]);
}

export function rlpEncodeString(value: Uint8Array): Uint8Array {
  if (value.length === 1 && (value[0] ?? 0) < 0x80) return value.slice();
  return concatBytes([header(value.length, 0x80), value]);
}

/** Encodes a list whose elements are already RLP-encoded. */
export function rlpEncodeList(encodedItems: readonly Uint8Array[]): Uint8Array {
  const payload = concatBytes(encodedItems);
  return concatBytes([header(payload.length, 0xc0), payload]);
}

export function rlpEncodeUint(value: bigint | number): Uint8Array {
  return rlpEncodeString(bigIntToMinimalBytes(BigInt(value)));
}
