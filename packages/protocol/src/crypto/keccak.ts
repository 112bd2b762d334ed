// keccak256 (pure JS from @noble/hashes: edge-ready, synchronous).
import { keccak_256 } from "@noble/hashes/sha3.js";
import { bytesToHex } from "../encoding/bytes.ts";
import type { Hash } from "../types/primitives.ts";

export function keccak256(bytes: Uint8Array): Uint8Array {
  return keccak_256(bytes);
}

export function keccak256Hex(bytes: Uint8Array): Hash {
  return bytesToHex(keccak_256(bytes));
}
