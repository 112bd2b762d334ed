// Byte-string and quantity primitives at the edges (JSON, RPC, config files) and their schemas.
import * as v from "valibot";

export type Hex = `0x${string}`;
/** 20 bytes, lower-case or checksummed hex. */
export type Address = Hex;
/** 32 bytes. */
export type Hash = Hex;

/** 0x followed by whole bytes. */
const hexPattern = /^0x(?:[0-9a-fA-F]{2})*$/;

export function isHex(value: unknown): value is Hex {
  return typeof value === "string" && hexPattern.test(value);
}

/** Hex of exactly `bytes` bytes, returned lower-cased so that equal values compare equal. */
export function fixedHexSchema(bytes: number, label: string) {
  return v.pipe(
    v.string(`expected ${label} as a 0x-prefixed hex string`),
    v.regex(hexPattern, `expected ${label} as 0x-prefixed hex with an even number of digits`),
    v.length(2 + bytes * 2, `expected ${label} of ${bytes} bytes`),
    v.transform((value) => value.toLowerCase() as Hex),
  );
}

export const addressSchema = fixedHexSchema(20, "an address");
export const hashSchema = fixedHexSchema(32, "a 32-byte hash");
export const bytes32Schema = fixedHexSchema(32, "32 bytes");
export const bytes8Schema = fixedHexSchema(8, "8 bytes");

export const hexSchema = v.pipe(
  v.string("expected a 0x-prefixed hex string"),
  v.regex(hexPattern, "expected 0x-prefixed hex with an even number of digits"),
  v.transform((value) => value.toLowerCase() as Hex),
);

/** A uint64 that must also be a safe JS integer (block numbers, timestamps, seconds, counts). */
export const uintSchema = v.pipe(
  v.number("expected a non-negative integer"),
  v.safeInteger("expected a non-negative integer"),
  v.minValue(0, "expected a non-negative integer"),
);

const decimalPattern = /^(0|[1-9][0-9]*)$/;
const uint256Max = (1n << 256n) - 1n;

/**
 * A uint256 given as a JSON number (safe integer) or a decimal string, parsed to bigint.
 * Chain ids are uint256 in the protocol; JSON numbers above 2^53 would already have lost digits.
 */
export const bigUintSchema = v.pipe(
  v.union(
    [
      uintSchema,
      v.pipe(v.string(), v.regex(decimalPattern, "expected a decimal integer without sign or leading zeros")),
    ],
    "expected a non-negative integer (a JSON number or a decimal string)",
  ),
  v.transform((value) => BigInt(value)),
  v.check((value) => value <= uint256Max, "expected a value that fits in 256 bits"),
);

/** A bigint as op-node writes it: a JSON number when exact, a decimal string beyond 2^53. */
export function bigUintToJson(value: bigint): number | string {
  return value <= BigInt(Number.MAX_SAFE_INTEGER) ? Number(value) : value.toString(10);
}
