// Executing messages for the traffic generator (pure; reference/interop.md §1, specs
// interop/messaging.md and interop/predeploys.md): the CrossL2Inbox `validateMessage(Identifier,
// bytes32 msgHash)` call and the access-list entries it needs, for a valid message and for
// deliberately invalid ones. The CrossL2Inbox only checks that the message's checksum slot is
// warm, so every invalid variant declares its own (wrong) identifier and hash: it executes and
// emits an ExecutingMessage log, and it is the node that must find it invalid. A call without the
// access list reverts instead and leaves no executing message (`withoutAccessList`).
import {
  type Address,
  buildAccessList,
  bytesToHex,
  CROSS_L2_INBOX_ADDRESS,
  type Hash,
  type Hex,
  hexToBytes,
  type Identifier,
  keccak256,
  MESSAGE_EXPIRY_WINDOW_SECONDS,
  messagePayload,
} from "@supernode/protocol";
import { encodeFunctionData } from "viem";

const identifierComponents = [
  { name: "origin", type: "address" },
  { name: "blockNumber", type: "uint256" },
  { name: "logIndex", type: "uint256" },
  { name: "timestamp", type: "uint256" },
  { name: "chainId", type: "uint256" },
] as const;

/** The CrossL2Inbox (1.0.1) functions, event and errors the devnet uses. */
export const crossL2InboxAbi = [
  {
    type: "function",
    name: "validateMessage",
    stateMutability: "nonpayable",
    inputs: [
      { name: "_id", type: "tuple", components: identifierComponents },
      { name: "_msgHash", type: "bytes32" },
    ],
    outputs: [],
  },
  {
    type: "function",
    name: "calculateChecksum",
    stateMutability: "pure",
    inputs: [
      { name: "_id", type: "tuple", components: identifierComponents },
      { name: "_msgHash", type: "bytes32" },
    ],
    outputs: [{ name: "checksum_", type: "bytes32" }],
  },
  {
    type: "event",
    name: "ExecutingMessage",
    anonymous: false,
    inputs: [
      { name: "msgHash", type: "bytes32", indexed: true },
      { name: "id", type: "tuple", indexed: false, components: identifierComponents },
    ],
  },
  { type: "error", name: "NotInAccessList", inputs: [] },
  { type: "error", name: "BlockNumberTooHigh", inputs: [] },
  { type: "error", name: "TimestampTooHigh", inputs: [] },
  { type: "error", name: "LogIndexTooHigh", inputs: [] },
] as const;

/** An initiating message: the log's identifier and its payload (topics ‖ data). */
export interface InitiatingMessage {
  readonly identifier: Identifier;
  readonly payload: Uint8Array;
}

/** One access-list entry, in the shape viem's transaction requests take. */
export interface AccessListEntry {
  readonly address: Address;
  readonly storageKeys: readonly Hash[];
}

/** What a transaction needs to execute one message: send `data` to `to` with `accessList`. */
export interface ExecutingMessageCall {
  /** The identifier the call claims (the initiating log's, or a wrong one for invalid variants). */
  readonly identifier: Identifier;
  /** The payload hash the call claims. */
  readonly msgHash: Hash;
  /** CrossL2Inbox. */
  readonly to: Address;
  /** `validateMessage(identifier, msgHash)` calldata. */
  readonly data: Hex;
  /** CrossL2Inbox's storage keys for the message: lookup, chain-id extension if > 64 bits, checksum. */
  readonly accessList: readonly AccessListEntry[];
}

/** The initiating message of a receipt log: block-global `logIndex`, the block's number and time. */
export function initiatingMessage(
  log: { readonly address: Address; readonly topics: readonly Hash[]; readonly data: Hex | Uint8Array },
  at: {
    readonly chainId: bigint;
    readonly blockNumber: bigint;
    readonly timestamp: bigint;
    readonly logIndex: number;
  },
): InitiatingMessage {
  const data = typeof log.data === "string" ? hexToBytes(log.data) : log.data;
  return {
    identifier: {
      origin: log.address.toLowerCase() as Address,
      blockNumber: at.blockNumber,
      logIndex: at.logIndex,
      timestamp: at.timestamp,
      chainId: at.chainId,
    },
    payload: messagePayload({ topics: log.topics, data }),
  };
}

/** msgHash: keccak256 of the initiating payload. */
export function messageHash(message: InitiatingMessage): Hash {
  return bytesToHex(keccak256(message.payload));
}

/** The access-list entries that declare `(identifier, msgHash)` (reference/interop.md §1.5). */
export function executingMessageAccessList(identifier: Identifier, msgHash: Hash): AccessListEntry[] {
  return [{ address: CROSS_L2_INBOX_ADDRESS, storageKeys: buildAccessList([{ identifier, msgHash }]) }];
}

/** `validateMessage(identifier, msgHash)` calldata (selector 0xab4d6f75). */
export function validateMessageCalldata(identifier: Identifier, msgHash: Hash): Hex {
  return encodeFunctionData({
    abi: crossL2InboxAbi,
    functionName: "validateMessage",
    args: [
      {
        origin: identifier.origin,
        blockNumber: identifier.blockNumber,
        logIndex: BigInt(identifier.logIndex),
        timestamp: identifier.timestamp,
        chainId: identifier.chainId,
      },
      msgHash,
    ],
  });
}

/** The call for a claimed identifier and hash, declared in the access list so it executes. */
export function executingMessageCall(identifier: Identifier, msgHash: Hash): ExecutingMessageCall {
  return {
    identifier,
    msgHash,
    to: CROSS_L2_INBOX_ADDRESS,
    data: validateMessageCalldata(identifier, msgHash),
    accessList: executingMessageAccessList(identifier, msgHash),
  };
}

/** A valid executing message: the initiating log's identifier and payload hash. */
export function validExecutingMessage(message: InitiatingMessage): ExecutingMessageCall {
  return executingMessageCall(message.identifier, messageHash(message));
}

/** Invalid: the hash of another payload (the initiating payload with one more byte). */
export function withWrongPayloadHash(message: InitiatingMessage): ExecutingMessageCall {
  const other = new Uint8Array(message.payload.length + 1);
  other.set(message.payload);
  return executingMessageCall(message.identifier, bytesToHex(keccak256(other)));
}

/** Invalid: the message claims to come from `chainId`, a chain outside the dependency set. */
export function withUnknownChainId(message: InitiatingMessage, chainId: bigint): ExecutingMessageCall {
  return executingMessageCall({ ...message.identifier, chainId }, messageHash(message));
}

/**
 * Invalid: the identifier's timestamp is later than the executing block's (`execTimestamp`), by
 * `ahead` seconds (default 1), so the message would come from the future.
 */
export function withFutureTimestamp(
  message: InitiatingMessage,
  execTimestamp: bigint,
  ahead = 1n,
): ExecutingMessageCall {
  if (ahead <= 0n)
    throw new RangeError(`a future timestamp must be ahead of the executing block, got ${ahead}`);
  return executingMessageCall(
    { ...message.identifier, timestamp: execTimestamp + ahead },
    messageHash(message),
  );
}

/**
 * Invalid: expired. When the initiating message is already older than the window at
 * `execTimestamp` it is executed as it is (a true expiry). A devnet rarely runs that long, so
 * otherwise the identifier's timestamp is moved back to one second past the window
 * (`execTimestamp − window − 1`): expired by the expiry rule, and also no longer the initiating
 * block's timestamp, which a node that checks expiry first reports as expired.
 */
export function withExpiredTimestamp(
  message: InitiatingMessage,
  execTimestamp: bigint,
  expiryWindow: number = MESSAGE_EXPIRY_WINDOW_SECONDS,
): ExecutingMessageCall {
  const limit = execTimestamp - BigInt(expiryWindow);
  if (limit <= 0n) throw new RangeError(`no timestamp at ${execTimestamp} is older than ${expiryWindow} s`);
  const timestamp = message.identifier.timestamp < limit ? message.identifier.timestamp : limit - 1n;
  return executingMessageCall({ ...message.identifier, timestamp }, messageHash(message));
}

/** The same call without its access list: CrossL2Inbox reverts (NotInAccessList), no log. */
export function withoutAccessList(call: ExecutingMessageCall): ExecutingMessageCall {
  return { ...call, accessList: [] };
}

/** The kinds of executing message the traffic generator makes. */
export type ExecutingMessageKind =
  | "valid"
  | "wrongPayloadHash"
  | "unknownChainId"
  | "futureTimestamp"
  | "expired"
  | "undeclared";

export interface ExecutingMessageContext {
  /** Timestamp of the block the call will be included in. */
  readonly execTimestamp: bigint;
  /** A chain id outside the dependency set (for "unknownChainId"). */
  readonly unknownChainId: bigint;
  /** The dependency set's expiry window in seconds (default 604800). */
  readonly expiryWindow?: number;
}

/** One builder for every kind (the traffic generator picks the kind). */
export function executingMessage(
  kind: ExecutingMessageKind,
  message: InitiatingMessage,
  context: ExecutingMessageContext,
): ExecutingMessageCall {
  switch (kind) {
    case "valid":
      return validExecutingMessage(message);
    case "wrongPayloadHash":
      return withWrongPayloadHash(message);
    case "unknownChainId":
      return withUnknownChainId(message, context.unknownChainId);
    case "futureTimestamp":
      return withFutureTimestamp(message, context.execTimestamp);
    case "expired":
      return withExpiredTimestamp(message, context.execTimestamp, context.expiryWindow);
    case "undeclared":
      return withoutAccessList(validExecutingMessage(message));
  }
}
