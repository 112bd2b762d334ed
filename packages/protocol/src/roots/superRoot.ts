// Super root v1 (specs fault-proof/stage-one/optimism-portal.md "Super Output"): 0x01 ‖ u64
// timestamp ‖ per chain, ascending by chain id: u256 chain id ‖ output root; keccak256 of that.
import { keccak256Hex } from "../crypto/keccak.ts";
import { bigIntToFixedBytes, bytesToBigInt, bytesToHex, hexToBytes } from "../encoding/bytes.ts";
import { SupernodeError } from "../errors.ts";
import type { ChainOutput, SuperV1 } from "../types/output.ts";
import type { Hash } from "../types/primitives.ts";

export const SUPER_ROOT_VERSION_V1 = 0x01;

export type SuperRootErrorReason = "empty" | "version" | "length" | "no chains";

export class SuperRootError extends SupernodeError<"SUPER_ROOT_INVALID", { reason: SuperRootErrorReason }> {
  override readonly name = "SuperRootError";

  constructor(reason: SuperRootErrorReason, detail: string) {
    super("SUPER_ROOT_INVALID", `super root: ${detail}`, { reason });
  }
}

function sortedChains(chains: readonly ChainOutput[]): ChainOutput[] {
  return [...chains].sort((a, b) => (a.chainId < b.chainId ? -1 : a.chainId > b.chainId ? 1 : 0));
}

/** A SuperV1 with its chains sorted by id (as Go's NewSuperV1 and kona's SuperRoot::new do). */
export function superV1(timestamp: number, chains: readonly ChainOutput[]): SuperV1 {
  if (chains.length === 0) throw new SuperRootError("no chains", "at least one output root is required");
  return { timestamp, chains: sortedChains(chains) };
}

export function encodeSuperV1(root: SuperV1): Uint8Array {
  if (root.chains.length === 0) throw new SuperRootError("no chains", "at least one output root is required");
  const chains = sortedChains(root.chains);
  const out = new Uint8Array(9 + 64 * chains.length);
  out[0] = SUPER_ROOT_VERSION_V1;
  out.set(bigIntToFixedBytes(BigInt(root.timestamp), 8), 1);
  chains.forEach((chain, i) => {
    out.set(bigIntToFixedBytes(chain.chainId, 32), 9 + 64 * i);
    out.set(hexToBytes(chain.output), 9 + 64 * i + 32);
  });
  return out;
}

export function decodeSuperV1(bytes: Uint8Array): SuperV1 {
  if (bytes.length === 0) throw new SuperRootError("empty", "no bytes");
  if (bytes[0] !== SUPER_ROOT_VERSION_V1) throw new SuperRootError("version", `unknown version ${bytes[0]}`);
  if (bytes.length < 73 || (bytes.length - 9) % 64 !== 0) {
    throw new SuperRootError("length", `${bytes.length} bytes is not 9 + 64·n with n ≥ 1`);
  }
  const chains: ChainOutput[] = [];
  for (let at = 9; at < bytes.length; at += 64) {
    chains.push({
      chainId: bytesToBigInt(bytes.subarray(at, at + 32)),
      output: bytesToHex(bytes.subarray(at + 32, at + 64)),
    });
  }
  return { timestamp: Number(bytesToBigInt(bytes.subarray(1, 9))), chains };
}

export function superRootV1(root: SuperV1): Hash {
  return keccak256Hex(encodeSuperV1(root));
}
