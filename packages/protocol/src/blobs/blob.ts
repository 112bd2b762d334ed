// OP blob encoding (specs ecotone/derivation.md "Blob Encoding"; op-service eth/blob.go): a
// 131,072-byte blob holds up to 130,044 bytes in 1024 rounds of four field elements, each round
// 127 bytes: every element's first byte holds 6 bits, the other 31 bytes are copied through.
import { sha256 } from "@noble/hashes/sha2.js";
import { bytesToHex } from "../encoding/bytes.ts";
import { SupernodeError } from "../errors.ts";
import type { Hash } from "../types/primitives.ts";

export const BLOB_SIZE = 131_072;
export const BLOB_ROUNDS = 1024;
export const MAX_BLOB_DATA_SIZE = (4 * 31 + 3) * BLOB_ROUNDS - 4;
export const BLOB_ENCODING_VERSION = 0;
export const VERSIONED_HASH_VERSION_KZG = 0x01;

export type BlobErrorReason =
  | "wrong size"
  | "unknown version"
  | "too large"
  | "invalid field element"
  | "extraneous data";

export class BlobError extends SupernodeError<
  "BLOB_INVALID",
  { reason: BlobErrorReason; position?: number }
> {
  override readonly name = "BlobError";

  constructor(reason: BlobErrorReason, detail: string, position?: number) {
    super(
      "BLOB_INVALID",
      `blob: ${reason} (${detail})`,
      position === undefined ? { reason } : { reason, position },
    );
  }
}

/** Encodes up to 130,044 bytes into a blob. */
export function encodeBlob(data: Uint8Array): Uint8Array {
  if (data.length > MAX_BLOB_DATA_SIZE)
    throw new BlobError("too large", `${data.length} > ${MAX_BLOB_DATA_SIZE}`);
  const blob = new Uint8Array(BLOB_SIZE);
  let read = 0;
  let write = 0;
  const buf31 = new Uint8Array(31);
  const read1 = () => (read < data.length ? (data[read++] ?? 0) : 0);
  const read31 = () => {
    buf31.fill(0);
    const n = Math.min(31, Math.max(0, data.length - read));
    buf31.set(data.subarray(read, read + n));
    read += n;
  };
  const write1 = (value: number) => {
    blob[write++] = value;
  };
  const write31 = () => {
    blob.set(buf31, write);
    write += 31;
  };
  for (let round = 0; round < BLOB_ROUNDS && read < data.length; round++) {
    if (round === 0) {
      buf31.fill(0);
      buf31[0] = BLOB_ENCODING_VERSION;
      buf31[1] = (data.length >> 16) & 0xff;
      buf31[2] = (data.length >> 8) & 0xff;
      buf31[3] = data.length & 0xff;
      const n = Math.min(27, data.length);
      buf31.set(data.subarray(0, n), 4);
      read += n;
    } else {
      read31();
    }
    const x = read1();
    write1(x & 0b0011_1111);
    write31();
    read31();
    const y = read1();
    write1((y & 0b0000_1111) | ((x & 0b1100_0000) >> 2));
    write31();
    read31();
    const z = read1();
    write1(z & 0b0011_1111);
    write31();
    read31();
    write1(((z & 0b1100_0000) >> 2) | ((y & 0b1111_0000) >> 4));
    write31();
  }
  return blob;
}

/**
 * Decodes a blob (op-node's Blob.ToData): version 0, a u24 length ≤ 130,044, field elements
 * with their top two bits clear (except element 0's prefix byte, which op-node does not check),
 * and every byte past the data zero. Throws BlobError.
 */
export function decodeBlob(blob: Uint8Array): Uint8Array {
  if (blob.length !== BLOB_SIZE)
    throw new BlobError("wrong size", `${blob.length} bytes, a blob has ${BLOB_SIZE}`);
  if (blob[1] !== BLOB_ENCODING_VERSION)
    throw new BlobError("unknown version", `encoding version ${blob[1]}`);
  const length = ((blob[2] ?? 0) << 16) | ((blob[3] ?? 0) << 8) | (blob[4] ?? 0);
  if (length > MAX_BLOB_DATA_SIZE)
    throw new BlobError("too large", `length ${length} > ${MAX_BLOB_DATA_SIZE}`);
  const output = new Uint8Array(MAX_BLOB_DATA_SIZE);
  output.set(blob.subarray(5, 32), 0);
  let opos = 28;
  let ipos = 32;
  const encoded = [blob[0] ?? 0, 0, 0, 0];
  const element = () => {
    const prefix = blob[ipos] ?? 0;
    if (prefix & 0b1100_0000) throw new BlobError("invalid field element", `element ${ipos / 32}`, ipos);
    const room = Math.min(31, MAX_BLOB_DATA_SIZE - opos);
    if (room > 0) output.set(blob.subarray(ipos + 1, ipos + 1 + room), opos);
    opos += 32;
    ipos += 32;
    return prefix;
  };
  const reassemble = () => {
    opos--;
    const [a = 0, b = 0, c = 0, d = 0] = encoded;
    output[opos - 96] = (a & 0b0011_1111) | ((b & 0b0011_0000) << 2);
    output[opos - 64] = (b & 0b0000_1111) | ((d & 0b0000_1111) << 4);
    output[opos - 32] = (c & 0b0011_1111) | ((d & 0b0011_0000) << 2);
  };
  for (let j = 1; j < 4; j++) encoded[j] = element();
  reassemble();
  for (let round = 1; round < BLOB_ROUNDS && opos < length; round++) {
    for (let j = 0; j < 4; j++) encoded[j] = element();
    reassemble();
  }
  for (let i = length; i < output.length; i++) {
    if (output[i] !== 0)
      throw new BlobError("extraneous data", `non-zero data in field element ${Math.floor(i / 32)}`, i);
  }
  for (; ipos < BLOB_SIZE; ipos++) {
    if (blob[ipos] !== 0) throw new BlobError("extraneous data", `non-zero byte at ${ipos}`, ipos);
  }
  return output.slice(0, length);
}

/** The versioned hash of a KZG commitment: 0x01 ‖ sha256(commitment)[1..32]. */
export function kzgToVersionedHash(commitment: Uint8Array): Hash {
  const hash = sha256(commitment);
  hash[0] = VERSIONED_HASH_VERSION_KZG;
  return bytesToHex(hash);
}

/** Computes a blob's KZG commitment (injected: e.g. @crate-crypto/node-eth-kzg in the app). */
export type BlobCommitment = (blob: Uint8Array) => Uint8Array;

/** Whether `blob` is the one `versionedHash` names. */
export function blobMatchesVersionedHash(
  blob: Uint8Array,
  versionedHash: Hash,
  commit: BlobCommitment,
): boolean {
  return kzgToVersionedHash(commit(blob)) === versionedHash.toLowerCase();
}
