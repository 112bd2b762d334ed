// Span-batch bit lists (specs delta/span-batches.md): a big-endian integer left-padded to
// ⌈n/8⌉ bytes, bit i being the i-th least significant; more than n significant bits is an error.

import type { ByteReader } from "../encoding/bytes.ts";
import { BatchError } from "./batchError.ts";
import { MAX_SPAN_BATCH_ELEMENT_COUNT } from "./limits.ts";

export class BitList {
  constructor(
    /** Big-endian bytes, ⌈length/8⌉ of them. */
    readonly bytes: Uint8Array,
    readonly length: number,
  ) {}

  static byteLength(length: number): number {
    return Math.ceil(length / 8);
  }

  static read(reader: ByteReader, length: number, field: string): BitList {
    const size = BitList.byteLength(length);
    if (size > MAX_SPAN_BATCH_ELEMENT_COUNT)
      throw new BatchError("too many elements", `${size} bytes`, { field });
    if (size > reader.remaining) throw new BatchError("truncated", `needs ${size} bytes`, { field });
    const bytes = reader.take(size, field);
    const spare = size * 8 - length;
    if (spare > 0 && (bytes[0] ?? 0) >> (8 - spare) !== 0) {
      throw new BatchError("bitlist too long", `more than ${length} significant bits`, { field });
    }
    return new BitList(bytes, length);
  }

  static from(bits: readonly boolean[]): BitList {
    const size = BitList.byteLength(bits.length);
    const bytes = new Uint8Array(size);
    bits.forEach((bit, i) => {
      if (bit) bytes[size - 1 - (i >> 3)] = (bytes[size - 1 - (i >> 3)] ?? 0) | (1 << (i & 7));
    });
    return new BitList(bytes, bits.length);
  }

  get(i: number): boolean {
    return (((this.bytes[this.bytes.length - 1 - (i >> 3)] ?? 0) >> (i & 7)) & 1) === 1;
  }

  /** Number of set bits. */
  count(): number {
    let total = 0;
    for (let byte of this.bytes) {
      while (byte) {
        total += byte & 1;
        byte >>= 1;
      }
    }
    return total;
  }
}
