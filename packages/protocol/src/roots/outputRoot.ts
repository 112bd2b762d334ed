// Output root v0 (specs protocol/proposals.md "L2 Output Commitment Construction"):
// keccak256(version 0 (32 zero bytes) ‖ stateRoot ‖ messagePasserStorageRoot ‖ blockHash).
import { keccak256Hex } from "../crypto/keccak.ts";
import { bytesToHex, hexToBytes } from "../encoding/bytes.ts";
import { SupernodeError } from "../errors.ts";
import type { OutputV0 } from "../types/output.ts";
import type { Hash } from "../types/primitives.ts";

export class OutputRootError extends SupernodeError<"OUTPUT_INVALID", { reason: "length" | "version" }> {
  override readonly name = "OutputRootError";

  constructor(reason: "length" | "version", detail: string) {
    super("OUTPUT_INVALID", `output root preimage: ${detail}`, { reason });
  }
}

/** The 128-byte preimage. */
export function encodeOutputV0(output: OutputV0): Uint8Array {
  const out = new Uint8Array(128);
  out.set(hexToBytes(output.stateRoot), 32);
  out.set(hexToBytes(output.messagePasserStorageRoot), 64);
  out.set(hexToBytes(output.blockHash), 96);
  return out;
}

export function decodeOutputV0(preimage: Uint8Array): OutputV0 {
  if (preimage.length !== 128) throw new OutputRootError("length", `${preimage.length} bytes, v0 has 128`);
  if (preimage.subarray(0, 32).some((byte) => byte !== 0))
    throw new OutputRootError("version", "invalid output version");
  return {
    stateRoot: bytesToHex(preimage.subarray(32, 64)),
    messagePasserStorageRoot: bytesToHex(preimage.subarray(64, 96)),
    blockHash: bytesToHex(preimage.subarray(96, 128)),
  };
}

export function outputRootV0(output: OutputV0): Hash {
  return keccak256Hex(encodeOutputV0(output));
}
