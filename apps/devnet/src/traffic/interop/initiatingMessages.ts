// Initiating messages for the traffic generator: any log is one, and the devnet's L2 Emitter
// contract makes logs whose payload is known: `Message(address indexed sender, bytes payload)`.
import {
  type Address,
  bytesToHex,
  type Hash,
  type Hex,
  hexToBytes,
  keccak256Text,
} from "@supernode/protocol";
import { encodeAbiParameters, encodeFunctionData, padHex } from "viem";
import { emitterArtifact } from "../../contracts/artifacts.ts";

/** topic0 of the Emitter's log. */
export const EMITTER_MESSAGE_TOPIC: Hash = bytesToHex(keccak256Text("Message(address,bytes)"));

/** Creation code of the Emitter (deploy it with a plain contract-creation transaction). */
export const EMITTER_INITCODE: Hex = emitterArtifact.bytecode;

/** `emitMessage(payload)` calldata. */
export function emitMessageCalldata(payload: Hex): Hex {
  return encodeFunctionData({ abi: emitterArtifact.abi, functionName: "emitMessage", args: [payload] });
}

/** The log `emitter.emitMessage(payload)` called by `sender` makes. */
export function emitterLog(
  emitter: Address,
  sender: Address,
  payload: Hex,
): { address: Address; topics: Hash[]; data: Uint8Array } {
  return {
    address: emitter.toLowerCase() as Address,
    topics: [EMITTER_MESSAGE_TOPIC, padHex(sender.toLowerCase() as Hex, { size: 32 })],
    data: hexToBytes(encodeAbiParameters([{ type: "bytes" }], [payload])),
  };
}
