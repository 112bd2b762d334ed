// Deposit source hashes (specs deposits.md "Source hash computation"): keccak256(u256 domain ‖
// keccak256(...)), domain 0 user deposits, 1 L1 info, 2 network upgrades.
import { keccak256, keccak256Text } from "../crypto/keccak.ts";
import { bigIntToFixedBytes, bytesToHex, concatBytes, hexToBytes } from "../encoding/bytes.ts";
import type { Hash } from "../types/primitives.ts";

function domainHash(domain: number, inner: Uint8Array): Hash {
  return bytesToHex(keccak256(concatBytes([bigIntToFixedBytes(BigInt(domain), 32), inner])));
}

/** A user deposit: its L1 block hash and block-global log index. */
export function userDepositSourceHash(l1BlockHash: Hash, logIndex: number): Hash {
  return domainHash(
    0,
    keccak256(concatBytes([hexToBytes(l1BlockHash), bigIntToFixedBytes(BigInt(logIndex), 32)])),
  );
}

/** The L1 info deposit of an L2 block: its L1 origin hash and sequence number. */
export function l1InfoDepositSourceHash(l1BlockHash: Hash, sequenceNumber: number): Hash {
  return domainHash(
    1,
    keccak256(concatBytes([hexToBytes(l1BlockHash), bigIntToFixedBytes(BigInt(sequenceNumber), 32)])),
  );
}

/** A network-upgrade transaction, by its intent string. */
export function upgradeDepositSourceHash(intent: string): Hash {
  return domainHash(2, keccak256Text(intent));
}
