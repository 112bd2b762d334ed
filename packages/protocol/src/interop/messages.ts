// Interop message hashing (specs interop/messaging.md, interop/predeploys.md; reference/interop.md
// §1): the payload and log hashes, the Identifier's ABI form, the ExecutingMessage event, the
// checksum and the CrossL2Inbox access-list entries.
import { keccak256, keccak256Text } from "../crypto/keccak.ts";
import {
  bigIntToFixedBytes,
  bytesEqual,
  bytesToBigInt,
  bytesToHex,
  concatBytes,
  hexToBytes,
} from "../encoding/bytes.ts";
import { SupernodeError } from "../errors.ts";
import type { Address, Hash } from "../types/primitives.ts";

export const CROSS_L2_INBOX_ADDRESS: Address = "0x4200000000000000000000000000000000000022";
export const L2_TO_L2_CROSS_DOMAIN_MESSENGER_ADDRESS: Address = "0x4200000000000000000000000000000000000023";
export const EXECUTING_MESSAGE_EVENT_SIGNATURE =
  "ExecutingMessage(bytes32,(address,uint256,uint256,uint256,uint256))";
export const EXECUTING_MESSAGE_TOPIC: Hash = bytesToHex(keccak256Text(EXECUTING_MESSAGE_EVENT_SIGNATURE));

/** Points at one log on one chain. */
export interface Identifier {
  readonly origin: Address;
  readonly blockNumber: bigint;
  /** Block-global log index (across all receipts of the block). */
  readonly logIndex: number;
  readonly timestamp: bigint;
  readonly chainId: bigint;
}

export interface Log {
  readonly address: Address;
  readonly topics: readonly Hash[];
  readonly data: Uint8Array;
}

export type MessageErrorReason =
  | "topic count"
  | "data length"
  | "non-zero padding"
  | "value out of range"
  | "invalid access list";

export class MessageError extends SupernodeError<"MESSAGE_INVALID", { reason: MessageErrorReason }> {
  override readonly name = "MessageError";

  constructor(reason: MessageErrorReason, detail: string) {
    super("MESSAGE_INVALID", `interop message: ${reason} (${detail})`, { reason });
  }
}

/** payload = topic[0] ‖ … ‖ topic[n-1] ‖ data. */
export function messagePayload(log: Pick<Log, "topics" | "data">): Uint8Array {
  return concatBytes([...log.topics.map(hexToBytes), log.data]);
}

/** msgHash (a.k.a. payload hash): keccak256 of the payload. */
export function payloadHash(log: Pick<Log, "topics" | "data">): Uint8Array {
  return keccak256(messagePayload(log));
}

/** logHash = keccak256(origin ‖ msgHash): what a logs DB stores per log. */
export function logHash(origin: Address, msgHash: Uint8Array): Uint8Array {
  return keccak256(concatBytes([hexToBytes(origin), msgHash]));
}

export function logHashOfLog(log: Log): Uint8Array {
  return logHash(log.address, payloadHash(log));
}

function u64(value: bigint, what: string): Uint8Array {
  if (value < 0n || value >= 1n << 64n)
    throw new MessageError("value out of range", `${what} ${value} is not a uint64`);
  return bigIntToFixedBytes(value, 8);
}

function u32(value: number, what: string): Uint8Array {
  if (!Number.isInteger(value) || value < 0 || value > 0xffff_ffff) {
    throw new MessageError("value out of range", `${what} ${value} is not a uint32`);
  }
  return bigIntToFixedBytes(BigInt(value), 4);
}

/**
 * The checksum the access list must declare: 0x03 ‖ keccak256(keccak256(logHash ‖ idPacked) ‖
 * u256 chainId)[1..32], where idPacked = 12 zero bytes ‖ u64 blockNumber ‖ u64 timestamp ‖ u32
 * logIndex. Note the order: timestamp before logIndex, unlike the Identifier.
 */
export function messageChecksum(id: Omit<Identifier, "origin">, messageLogHash: Uint8Array): Uint8Array {
  const idPacked = concatBytes([
    new Uint8Array(12),
    u64(id.blockNumber, "blockNumber"),
    u64(id.timestamp, "timestamp"),
    u32(id.logIndex, "logIndex"),
  ]);
  const idLogHash = keccak256(concatBytes([messageLogHash, idPacked]));
  const checksum = keccak256(concatBytes([idLogHash, bigIntToFixedBytes(id.chainId, 32)]));
  checksum[0] = 0x03;
  return checksum;
}

/** The Identifier's static ABI tuple: five 32-byte words. */
export function encodeIdentifier(id: Identifier): Uint8Array {
  return concatBytes([
    bigIntToFixedBytes(bytesToBigInt(hexToBytes(id.origin)), 32),
    bigIntToFixedBytes(id.blockNumber, 32),
    bigIntToFixedBytes(BigInt(id.logIndex), 32),
    bigIntToFixedBytes(id.timestamp, 32),
    bigIntToFixedBytes(id.chainId, 32),
  ]);
}

function word(data: Uint8Array, index: number, significantBytes: number, what: string): Uint8Array {
  const w = data.subarray(32 * index, 32 * index + 32);
  if (w.subarray(0, 32 - significantBytes).some((byte) => byte !== 0)) {
    throw new MessageError("non-zero padding", `${what} word has non-zero high bytes`);
  }
  return w.subarray(32 - significantBytes);
}

/** Go's Message.DecodeEvent rules: 160 bytes, zero padding above address/uint64/uint32 fields. */
export function decodeIdentifier(data: Uint8Array): Identifier {
  if (data.length !== 160)
    throw new MessageError("data length", `${data.length} bytes, an Identifier has 160`);
  return {
    origin: bytesToHex(word(data, 0, 20, "origin")),
    blockNumber: bytesToBigInt(word(data, 1, 8, "blockNumber")),
    logIndex: Number(bytesToBigInt(word(data, 2, 4, "logIndex"))),
    timestamp: bytesToBigInt(word(data, 3, 8, "timestamp")),
    chainId: bytesToBigInt(word(data, 4, 32, "chainId")),
  };
}

export interface ExecutingMessage {
  /** topics[1]: the payload hash of the initiating log. */
  readonly msgHash: Hash;
  readonly identifier: Identifier;
}

/**
 * The executing message a log carries: null when the log is not one (another address, topic or
 * topic count is no match); a MessageError when it matches but does not decode (Go's rule).
 */
export function decodeExecutingMessageLog(log: Log): ExecutingMessage | null {
  if (log.address.toLowerCase() !== CROSS_L2_INBOX_ADDRESS) return null;
  if (log.topics[0]?.toLowerCase() !== EXECUTING_MESSAGE_TOPIC) return null;
  if (log.topics.length !== 2)
    throw new MessageError("topic count", `${log.topics.length} topics, expected 2`);
  return { msgHash: (log.topics[1] as Hash).toLowerCase() as Hash, identifier: decodeIdentifier(log.data) };
}

export function executingMessageLog(message: ExecutingMessage): Log {
  return {
    address: CROSS_L2_INBOX_ADDRESS,
    topics: [EXECUTING_MESSAGE_TOPIC, message.msgHash],
    data: encodeIdentifier(message.identifier),
  };
}

// --- access list (CrossL2Inbox storage keys) ---

export const ACCESS_LIST_LOOKUP = 1;
export const ACCESS_LIST_CHAIN_ID_EXTENSION = 2;
export const ACCESS_LIST_CHECKSUM = 3;

/** What one group of access-list entries declares. */
export interface AccessListMessage {
  readonly chainId: bigint;
  readonly blockNumber: bigint;
  readonly timestamp: bigint;
  readonly logIndex: number;
  readonly checksum: Hash;
}

/** The entries for one executing message: lookup, a chain-id extension if it needs > 64 bits, checksum. */
export function accessListEntries(id: Omit<Identifier, "origin">, checksum: Uint8Array): Hash[] {
  const chain = bigIntToFixedBytes(id.chainId, 32);
  const lookup = concatBytes([
    Uint8Array.of(ACCESS_LIST_LOOKUP, 0, 0, 0),
    chain.subarray(24),
    u64(id.blockNumber, "blockNumber"),
    u64(id.timestamp, "timestamp"),
    u32(id.logIndex, "logIndex"),
  ]);
  const entries = [bytesToHex(lookup)];
  if (id.chainId >= 1n << 64n) {
    entries.push(
      bytesToHex(
        concatBytes([
          Uint8Array.of(ACCESS_LIST_CHAIN_ID_EXTENSION),
          new Uint8Array(7),
          chain.subarray(0, 24),
        ]),
      ),
    );
  }
  entries.push(bytesToHex(checksum));
  return entries;
}

/** Storage keys an executing-message transaction must declare under CrossL2Inbox, in order. */
export function buildAccessList(
  messages: readonly { identifier: Identifier; msgHash: Uint8Array | Hash }[],
): Hash[] {
  return messages.flatMap(({ identifier, msgHash }) => {
    const hash = typeof msgHash === "string" ? hexToBytes(msgHash) : msgHash;
    return accessListEntries(identifier, messageChecksum(identifier, logHash(identifier.origin, hash)));
  });
}

/** Go's ParseAccess: groups of lookup, optional extension, checksum; anything else invalidates the list. */
export function parseAccessList(keys: readonly Hash[]): AccessListMessage[] {
  const out: AccessListMessage[] = [];
  const bytes = keys.map((key) => {
    const value = hexToBytes(key);
    if (value.length !== 32) throw new MessageError("invalid access list", `entry of ${value.length} bytes`);
    return value;
  });
  for (let i = 0; i < bytes.length; ) {
    const lookup = bytes[i] as Uint8Array;
    if (lookup[0] !== ACCESS_LIST_LOOKUP)
      throw new MessageError("invalid access list", `entry ${i} is type ${lookup[0]}, expected a lookup`);
    if (lookup.subarray(1, 4).some((b) => b !== 0))
      throw new MessageError("invalid access list", `lookup ${i} has non-zero reserved bytes`);
    let chainId = bytesToBigInt(lookup.subarray(4, 12));
    i++;
    const next = bytes[i];
    if (next?.[0] === ACCESS_LIST_CHAIN_ID_EXTENSION) {
      if (next.subarray(1, 8).some((b) => b !== 0))
        throw new MessageError("invalid access list", `extension ${i} has non-zero reserved bytes`);
      chainId = bytesToBigInt(concatBytes([next.subarray(8), lookup.subarray(4, 12)]));
      i++;
    }
    const checksum = bytes[i];
    if (!checksum || checksum[0] !== ACCESS_LIST_CHECKSUM)
      throw new MessageError("invalid access list", `group ending at ${i} has no checksum`);
    i++;
    out.push({
      chainId,
      blockNumber: bytesToBigInt(lookup.subarray(12, 20)),
      timestamp: bytesToBigInt(lookup.subarray(20, 28)),
      logIndex: Number(bytesToBigInt(lookup.subarray(28, 32))),
      checksum: bytesToHex(checksum),
    });
  }
  return out;
}

/** Whether an access-list group declares exactly this message (the protocol enforces the checksum). */
export function declaresMessage(group: AccessListMessage, id: Identifier, msgHash: Uint8Array): boolean {
  return bytesEqual(hexToBytes(group.checksum), messageChecksum(id, logHash(id.origin, msgHash)));
}
