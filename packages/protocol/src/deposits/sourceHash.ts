// Deposit source hashes (specs deposits.md "Source hash computation"): keccak256(u256 domain ‖
// keccak256(...)), domain 0 user deposits, 1 L1 info, 2 network upgrades.
import { keccak256, keccak256Text } from "../crypto/keccak.ts";
import { bigIntToFixedBytes, bytesToHex, concatBytes, hexToBytes } from "../encoding/bytes.ts";
import type { Hash } from "../types/primitives.ts";

const DOMAINS = [0, 1, 2].map((domain) => bigIntToFixedBytes(BigInt(domain), 32));

function domainHash(domain: 0 | 1 | 2, inner: Uint8Array): Hash {
  return bytesToHex(keccak256(concatBytes([DOMAINS[domain] as Uint8Array, inner])));
}

/** An L1 block hash and a u256 word (log index or sequence number), hashed. */
function hashWithWord(l1BlockHash: Hash, word: number): Uint8Array {
  const input = new Uint8Array(64);
  input.set(hexToBytes(l1BlockHash));
  input.set(bigIntToFixedBytes(BigInt(word), 32), 32);
  return keccak256(input);
}

/** A user deposit: its L1 block hash and block-global log index. */
export function userDepositSourceHash(l1BlockHash: Hash, logIndex: number): Hash {
  return domainHash(0, hashWithWord(l1BlockHash, logIndex));
}

/** The L1 info deposit of an L2 block: its L1 origin hash and sequence number. */
export function l1InfoDepositSourceHash(l1BlockHash: Hash, sequenceNumber: number): Hash {
  return domainHash(1, hashWithWord(l1BlockHash, sequenceNumber));
}

/** A network-upgrade transaction, by its intent string. */
export function upgradeDepositSourceHash(intent: string): Hash {
  return domainHash(2, keccak256Text(intent));
}
