// A portable zlib (RFC 1950) / DEFLATE (RFC 1951) decoder that hands out the maximal prefix:
// every byte decoded before the first error, identically on every runtime. The error points
// follow Go's compress/flate and compress/zlib, the decoder op-node reads channels with:
// incomplete Huffman codes are rejected except a single 1-bit code, a missing end-of-block code
// is not checked up front, distances may reach 32 KiB of history whatever CINFO says, and the
// Adler-32 trailer is checked only after the whole stream was handed out.
import { SupernodeError } from "../errors.ts";

export type InflateErrorReason =
  | "unexpected end"
  | "bad zlib header"
  | "preset dictionary"
  | "invalid block type"
  | "stored length mismatch"
  | "too many length or distance codes"
  | "invalid code lengths"
  | "invalid huffman code"
  | "invalid symbol"
  | "distance too far back"
  | "checksum mismatch";

export class InflateError extends SupernodeError<
  "INFLATE_FAILED",
  { reason: InflateErrorReason; inputOffset: number }
> {
  override readonly name = "InflateError";

  constructor(reason: InflateErrorReason, inputOffset: number) {
    super("INFLATE_FAILED", `inflate: ${reason} at input byte ${inputOffset}`, { reason, inputOffset });
  }
}

export interface InflateResult {
  /** Every byte decoded before the first error (all of them for a good stream), at most the cap. */
  readonly output: Uint8Array;
  /** Null when the stream ended properly (for zlib: with a matching checksum). */
  readonly error: InflateError | null;
  /** True when decoding stopped because the output reached the cap. */
  readonly capped: boolean;
  /** Input bytes read, the zlib trailer included. */
  readonly consumed: number;
}

const FAST_BITS = 9;
const FAST_SIZE = 1 << FAST_BITS;
const MAX_CODE_LENGTH = 15;

/** Canonical Huffman code: a 9-bit lookup table, and counts/symbols for longer codes. */
interface Huffman {
  /** Entry: symbol << 4 | length, or 0 when the code is longer than FAST_BITS (or unassigned). */
  readonly fast: Uint32Array;
  readonly counts: Uint16Array;
  readonly symbols: Uint16Array;
  /** Shortest and longest code lengths (0 for an empty code). */
  readonly min: number;
  readonly max: number;
}

function reverseBits(code: number, length: number): number {
  let out = 0;
  for (let i = 0; i < length; i++) {
    out = (out << 1) | (code & 1);
    code >>= 1;
  }
  return out;
}

/** Go's huffmanDecoder.init: null when the code is over-subscribed or incomplete (but one 1-bit code is fine). */
function buildHuffman(lengths: ArrayLike<number>, count: number): Huffman | null {
  const counts = new Uint16Array(MAX_CODE_LENGTH + 1);
  let min = 0;
  let max = 0;
  for (let i = 0; i < count; i++) {
    const length = lengths[i] ?? 0;
    if (length === 0) continue;
    counts[length] = (counts[length] ?? 0) + 1;
    if (min === 0 || length < min) min = length;
    if (length > max) max = length;
  }
  const fast = new Uint32Array(FAST_SIZE);
  const symbols = new Uint16Array(count);
  if (max === 0) return { fast, counts, symbols, min, max };

  let code = 0;
  const nextCode = new Uint16Array(MAX_CODE_LENGTH + 2);
  for (let length = min; length <= max; length++) {
    code <<= 1;
    nextCode[length] = code;
    code += counts[length] ?? 0;
  }
  if (code !== 1 << max && !(code === 1 && max === 1)) return null;

  // Symbols ordered by (length, symbol): the canonical order used by the slow path.
  const offsets = new Uint16Array(MAX_CODE_LENGTH + 2);
  for (let length = 1; length <= MAX_CODE_LENGTH; length++) {
    offsets[length + 1] = (offsets[length] ?? 0) + (counts[length] ?? 0);
  }
  for (let symbol = 0; symbol < count; symbol++) {
    const length = lengths[symbol] ?? 0;
    if (length === 0) continue;
    const at = offsets[length] ?? 0;
    symbols[at] = symbol;
    offsets[length] = at + 1;
    const assigned = nextCode[length] ?? 0;
    nextCode[length] = assigned + 1;
    if (length <= FAST_BITS) {
      const reversed = reverseBits(assigned, length);
      const entry = (symbol << 4) | length;
      for (let fill = reversed; fill < FAST_SIZE; fill += 1 << length) fast[fill] = entry;
    }
  }
  return { fast, counts, symbols, min, max };
}

const fixedLiteralLengths = new Uint8Array(288);
fixedLiteralLengths.fill(8, 0, 144);
fixedLiteralLengths.fill(9, 144, 256);
fixedLiteralLengths.fill(7, 256, 280);
fixedLiteralLengths.fill(8, 280, 288);
const fixedLiteral = buildHuffman(fixedLiteralLengths, 288) as Huffman;

const lengthBase = [
  3, 4, 5, 6, 7, 8, 9, 10, 11, 13, 15, 17, 19, 23, 27, 31, 35, 43, 51, 59, 67, 83, 99, 115, 131, 163, 195,
  227, 258,
];
const lengthExtra = [0, 0, 0, 0, 0, 0, 0, 0, 1, 1, 1, 1, 2, 2, 2, 2, 3, 3, 3, 3, 4, 4, 4, 4, 5, 5, 5, 5, 0];
const distanceBase = [
  1, 2, 3, 4, 5, 7, 9, 13, 17, 25, 33, 49, 65, 97, 129, 193, 257, 385, 513, 769, 1025, 1537, 2049, 3073, 4097,
  6145, 8193, 12289, 16385, 24577,
];
const distanceExtra = [
  0, 0, 0, 0, 1, 1, 2, 2, 3, 3, 4, 4, 5, 5, 6, 6, 7, 7, 8, 8, 9, 9, 10, 10, 11, 11, 12, 12, 13, 13,
];
const codeLengthOrder = [16, 17, 18, 0, 8, 7, 9, 6, 10, 5, 11, 4, 12, 3, 13, 2, 14, 1, 15];
const MAX_HISTORY = 32768;

/** Thrown internally to unwind; converted to a result at the top. */
class Stop {
  constructor(readonly error: InflateError | null) {}
}

class Inflater {
  private pos: number;
  private bits = 0;
  private bitCount = 0;
  private out: Uint8Array;
  private outLength = 0;
  capped = false;

  constructor(
    private readonly input: Uint8Array,
    start: number,
    private readonly cap: number,
  ) {
    this.pos = start;
    this.out = new Uint8Array(Math.max(1024, Math.min(cap, input.length * 4)));
  }

  get consumed(): number {
    return this.pos;
  }

  output(): Uint8Array {
    return this.out.subarray(0, this.outLength);
  }

  fail(reason: InflateErrorReason): never {
    throw new Stop(new InflateError(reason, this.pos));
  }

  /** Ensures at least `n` (≤ 24) bits are buffered, reading whole bytes as Go does. */
  private need(n: number): void {
    while (this.bitCount < n) {
      if (this.pos >= this.input.length) this.fail("unexpected end");
      this.bits |= (this.input[this.pos++] ?? 0) << this.bitCount;
      this.bitCount += 8;
    }
  }

  readBits(n: number): number {
    if (n === 0) return 0;
    this.need(n);
    const value = this.bits & ((1 << n) - 1);
    this.bits >>>= n;
    this.bitCount -= n;
    return value;
  }

  private decodeSymbol(code: Huffman): number {
    // Like Go, first buffer `min` bits (for literal/length codes at least the end-of-block
    // code's length): at the end of input a short code is not decoded without them.
    if (this.bitCount < code.min) this.need(code.min);
    // Fast path: a code of at most FAST_BITS bits, using only bits that really exist.
    while (this.bitCount < FAST_BITS && this.pos < this.input.length) {
      this.bits |= (this.input[this.pos++] ?? 0) << this.bitCount;
      this.bitCount += 8;
    }
    const entry = code.fast[this.bits & (FAST_SIZE - 1)] ?? 0;
    const length = entry & 15;
    if (entry !== 0 && length <= this.bitCount) {
      this.bits >>>= length;
      this.bitCount -= length;
      return entry >>> 4;
    }
    return this.decodeSlow(code);
  }

  /** Canonical decoding bit by bit (puff style) for long codes, unassigned codes and the end of input. */
  private decodeSlow(code: Huffman): number {
    if (code.max === 0) this.fail("invalid huffman code");
    let value = 0;
    let first = 0;
    let index = 0;
    for (let length = 1; length <= code.max; length++) {
      if (this.bitCount < 1) this.need(1);
      value |= this.bits & 1;
      this.bits >>>= 1;
      this.bitCount -= 1;
      const count = code.counts[length] ?? 0;
      if (value - count < first) return code.symbols[index + (value - first)] ?? 0;
      index += count;
      first = (first + count) << 1;
      value <<= 1;
    }
    return this.fail("invalid huffman code");
  }

  private ensureRoom(extra: number): void {
    const wanted = this.outLength + extra;
    if (wanted <= this.out.length) return;
    let size = this.out.length * 2;
    while (size < wanted) size *= 2;
    const grown = new Uint8Array(Math.min(size, Math.max(this.cap, wanted)));
    grown.set(this.out.subarray(0, this.outLength));
    this.out = grown;
  }

  private emitByte(byte: number): void {
    if (this.outLength >= this.cap) {
      this.capped = true;
      throw new Stop(null);
    }
    if (this.outLength >= this.out.length) this.ensureRoom(1);
    this.out[this.outLength++] = byte;
  }

  private copyMatch(distance: number, length: number): void {
    const room = this.cap - this.outLength;
    const take = Math.min(length, room);
    this.ensureRoom(take);
    const out = this.out;
    let from = this.outLength - distance;
    let to = this.outLength;
    for (let i = 0; i < take; i++) out[to++] = out[from++] ?? 0;
    this.outLength = to;
    if (take < length) {
      this.capped = true;
      throw new Stop(null);
    }
  }

  private storedBlock(): void {
    this.alignToByte();
    if (this.pos + 4 > this.input.length) {
      this.pos = this.input.length;
      this.fail("unexpected end");
    }
    const length = (this.input[this.pos] ?? 0) | ((this.input[this.pos + 1] ?? 0) << 8);
    const inverse = (this.input[this.pos + 2] ?? 0) | ((this.input[this.pos + 3] ?? 0) << 8);
    this.pos += 4;
    if ((length ^ 0xffff) !== inverse) this.fail("stored length mismatch");
    const available = Math.min(length, this.input.length - this.pos);
    const take = Math.min(available, this.cap - this.outLength);
    this.ensureRoom(take);
    this.out.set(this.input.subarray(this.pos, this.pos + take), this.outLength);
    this.outLength += take;
    this.pos += take;
    if (take < available) {
      this.capped = true;
      throw new Stop(null);
    }
    if (available < length) this.fail("unexpected end");
  }

  private dynamicCodes(): [Huffman, Huffman] {
    this.need(14);
    const literalCount = this.readBits(5) + 257;
    const distanceCount = this.readBits(5) + 1;
    const codeLengthCount = this.readBits(4) + 4;
    if (literalCount > 286 || distanceCount > 30) this.fail("too many length or distance codes");
    const codeLengthLengths = new Uint8Array(19);
    for (let i = 0; i < codeLengthCount; i++) codeLengthLengths[codeLengthOrder[i] ?? 0] = this.readBits(3);
    const codeLengthCode = buildHuffman(codeLengthLengths, 19);
    if (!codeLengthCode) return this.fail("invalid code lengths");

    const total = literalCount + distanceCount;
    const lengths = new Uint8Array(total);
    for (let i = 0; i < total; ) {
      const symbol = this.decodeSymbol(codeLengthCode);
      if (symbol < 16) {
        lengths[i++] = symbol;
        continue;
      }
      let repeat: number;
      let value = 0;
      if (symbol === 16) {
        if (i === 0) this.fail("invalid code lengths");
        value = lengths[i - 1] ?? 0;
        repeat = 3 + this.readBits(2);
      } else if (symbol === 17) {
        repeat = 3 + this.readBits(3);
      } else {
        repeat = 11 + this.readBits(7);
      }
      if (i + repeat > total) this.fail("invalid code lengths");
      lengths.fill(value, i, i + repeat);
      i += repeat;
    }
    const literal = buildHuffman(lengths.subarray(0, literalCount), literalCount);
    const distance = buildHuffman(lengths.subarray(literalCount), distanceCount);
    if (!literal || !distance) return this.fail("invalid code lengths");
    // Go never reads past the stream: every literal/length read first buffers the EOB code's length.
    return [{ ...literal, min: Math.max(literal.min, lengths[256] ?? 0) }, distance];
  }

  private huffmanBlock(literal: Huffman, distance: Huffman | null): void {
    for (;;) {
      const symbol = this.decodeSymbol(literal);
      if (symbol < 256) {
        this.emitByte(symbol);
        continue;
      }
      if (symbol === 256) return;
      if (symbol > 285) this.fail("invalid symbol");
      const lengthIndex = symbol - 257;
      const length = (lengthBase[lengthIndex] ?? 0) + this.readBits(lengthExtra[lengthIndex] ?? 0);
      // Fixed blocks carry 5-bit distance codes, bit-reversed (Go reads them raw).
      const distanceSymbol = distance ? this.decodeSymbol(distance) : reverseBits(this.readBits(5), 5);
      if (distanceSymbol >= 30) this.fail("invalid symbol");
      const dist = (distanceBase[distanceSymbol] ?? 0) + this.readBits(distanceExtra[distanceSymbol] ?? 0);
      if (dist > this.outLength || dist > MAX_HISTORY) this.fail("distance too far back");
      this.copyMatch(dist, length);
    }
  }

  /** Decodes DEFLATE blocks up to and including the final one. */
  run(): void {
    for (;;) {
      this.need(3);
      const final = this.readBits(1) === 1;
      const type = this.readBits(2);
      if (type === 0) this.storedBlock();
      else if (type === 1) this.huffmanBlock(fixedLiteral, null);
      else if (type === 2) {
        const [literal, distance] = this.dynamicCodes();
        this.huffmanBlock(literal, distance);
      } else this.fail("invalid block type");
      if (final) return;
    }
  }

  /**
   * Drops the rest of the current byte (stored blocks and the zlib trailer start on a byte
   * boundary) and gives back whole bytes the symbol decoder read ahead.
   */
  alignToByte(): void {
    this.pos -= this.bitCount >> 3;
    this.bits = 0;
    this.bitCount = 0;
  }
}

function adler32(bytes: Uint8Array): number {
  let a = 1;
  let b = 0;
  const chunk = 3800; // keeps b below 2^32 between reductions
  for (let i = 0; i < bytes.length; ) {
    const end = Math.min(bytes.length, i + chunk);
    for (; i < end; i++) {
      a += bytes[i] ?? 0;
      b += a;
    }
    a %= 65521;
    b %= 65521;
  }
  return ((b << 16) | a) >>> 0;
}

export { adler32 };

function finish(inflater: Inflater, stop: unknown): InflateResult {
  if (!(stop instanceof Stop)) throw stop;
  return {
    output: inflater.output(),
    error: stop.error,
    capped: inflater.capped,
    consumed: inflater.consumed,
  };
}

/** Raw DEFLATE, decoding at most `cap` output bytes. */
export function inflateRaw(input: Uint8Array, cap: number = Number.MAX_SAFE_INTEGER): InflateResult {
  const inflater = new Inflater(input, 0, cap);
  try {
    inflater.run();
  } catch (stop) {
    return finish(inflater, stop);
  }
  return { output: inflater.output(), error: null, capped: false, consumed: inflater.consumed };
}

/** zlib-wrapped DEFLATE (Go's compress/zlib rules), decoding at most `cap` output bytes. */
export function inflateZlib(input: Uint8Array, cap: number = Number.MAX_SAFE_INTEGER): InflateResult {
  const empty = (reason: InflateErrorReason, at: number): InflateResult => ({
    output: new Uint8Array(0),
    error: new InflateError(reason, at),
    capped: false,
    consumed: Math.min(at, input.length),
  });
  if (input.length < 2) return empty("unexpected end", input.length);
  const cmf = input[0] ?? 0;
  const flg = input[1] ?? 0;
  if ((cmf & 0x0f) !== 8 || cmf >> 4 > 7 || ((cmf << 8) | flg) % 31 !== 0) return empty("bad zlib header", 0);
  // A preset dictionary is never given, so a stream asking for one cannot be read.
  if (flg & 0x20)
    return empty(input.length < 6 ? "unexpected end" : "preset dictionary", Math.min(6, input.length));

  const inflater = new Inflater(input, 2, cap);
  try {
    inflater.run();
  } catch (stop) {
    return finish(inflater, stop);
  }
  inflater.alignToByte();
  const output = inflater.output();
  const at = inflater.consumed;
  if (at + 4 > input.length) {
    return {
      output,
      error: new InflateError("unexpected end", input.length),
      capped: false,
      consumed: input.length,
    };
  }
  const expected =
    (((input[at] ?? 0) << 24) |
      ((input[at + 1] ?? 0) << 16) |
      ((input[at + 2] ?? 0) << 8) |
      (input[at + 3] ?? 0)) >>>
    0;
  const error = expected === adler32(output) ? null : new InflateError("checksum mismatch", at);
  return { output, error, capped: false, consumed: at + 4 };
}
