// keccak256 for every hot path, behind one function: hash-wasm's WebAssembly keccak once
// `loadKeccak()` has run (fast, edge-ready), @noble/hashes' pure JS until then (same digests).
import { keccak_256 } from "@noble/hashes/sha3.js";
import { createKeccak, type IHasher } from "hash-wasm";
import { bytesToHex } from "../encoding/bytes.ts";
import type { Hash } from "../types/primitives.ts";

let fast: IHasher | null = null;

/** Instantiates the WebAssembly keccak once. */
export async function loadKeccak(): Promise<void> {
  fast ??= await createKeccak(256);
}

export function keccak256(bytes: Uint8Array): Uint8Array {
  if (!fast) return keccak_256(bytes);
  fast.init();
  fast.update(bytes);
  return fast.digest("binary");
}

export function keccak256Hex(bytes: Uint8Array): Hash {
  return bytesToHex(keccak256(bytes));
}

const encoder = new TextEncoder();

/** keccak256 of a UTF-8 string (event signatures, upgrade intents). */
export function keccak256Text(text: string): Uint8Array {
  return keccak256(encoder.encode(text));
}
