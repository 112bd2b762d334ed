// Engine API execution payloads and OP payload attributes (execution-apis engine/*.md; specs
// exec-engine.md; reference/derivation.md §3.2): typed forms, their JSON, and the block header
// (and hash) a payload stands for, as newPayload checks it.
import * as v from "valibot";
import { type BlockHeader, EMPTY_ROOT_HASH, EMPTY_UNCLES_HASH, headerHash } from "../blocks/header.ts";
import { parseConfig } from "../config/schemaErrors.ts";
import { bytesToHex, hexToBytes } from "../encoding/bytes.ts";
import { orderedTrieRoot } from "../encoding/trie.ts";
import {
  type Address,
  addressSchema,
  bytes8Schema,
  type Hash,
  type Hex,
  hashSchema,
  hexSchema,
} from "../types/primitives.ts";

/** ExecutionPayload V1–V3 with OP's V4 addition (`withdrawalsRoot`, from Isthmus). */
export interface ExecutionPayload {
  readonly parentHash: Hash;
  readonly feeRecipient: Address;
  readonly stateRoot: Hash;
  readonly receiptsRoot: Hash;
  readonly logsBloom: Hex;
  readonly prevRandao: Hash;
  readonly blockNumber: bigint;
  readonly gasLimit: bigint;
  readonly gasUsed: bigint;
  readonly timestamp: bigint;
  readonly extraData: Hex;
  readonly baseFeePerGas: bigint;
  readonly blockHash: Hash;
  readonly transactions: readonly Hex[];
  /** V2+ (Canyon): always empty on OP. */
  readonly withdrawals?: readonly unknown[];
  /** V3+ (Ecotone). */
  readonly blobGasUsed?: bigint;
  readonly excessBlobGas?: bigint;
  /** OP, from Isthmus: the L2ToL1MessagePasser storage root. */
  readonly withdrawalsRoot?: Hash;
}

/** OP payload attributes (PayloadAttributesV1–V3 plus the rollup fields). */
export interface PayloadAttributes {
  readonly timestamp: bigint;
  readonly prevRandao: Hash;
  readonly suggestedFeeRecipient: Address;
  readonly withdrawals?: readonly unknown[];
  readonly parentBeaconBlockRoot?: Hash;
  /** EIP-2718 encodings, kept as bytes (hex only on the wire, as op-node's hexutil.Bytes). */
  readonly transactions: readonly Uint8Array[];
  readonly noTxPool: boolean;
  readonly gasLimit: bigint;
  /** Holocene: u32 denominator ‖ u32 elasticity. */
  readonly eip1559Params?: Hex;
  /** Jovian. */
  readonly minBaseFee?: bigint;
}

const quantity = v.pipe(
  v.string("expected a hex quantity"),
  v.regex(/^0x(0|[1-9a-fA-F][0-9a-fA-F]*)$/, "expected a hex quantity without leading zeros"),
  v.transform((value) => BigInt(value)),
);
const optional = <T extends v.GenericSchema>(schema: T) => v.nullish(schema);

const payloadSchema = v.object({
  parentHash: hashSchema,
  feeRecipient: addressSchema,
  stateRoot: hashSchema,
  receiptsRoot: hashSchema,
  logsBloom: hexSchema,
  prevRandao: hashSchema,
  blockNumber: quantity,
  gasLimit: quantity,
  gasUsed: quantity,
  timestamp: quantity,
  extraData: hexSchema,
  baseFeePerGas: quantity,
  blockHash: hashSchema,
  transactions: v.array(hexSchema),
  withdrawals: optional(v.array(v.unknown())),
  blobGasUsed: optional(quantity),
  excessBlobGas: optional(quantity),
  withdrawalsRoot: optional(hashSchema),
});

const attributesSchema = v.object({
  timestamp: quantity,
  prevRandao: hashSchema,
  suggestedFeeRecipient: addressSchema,
  withdrawals: optional(v.array(v.unknown())),
  parentBeaconBlockRoot: optional(hashSchema),
  transactions: optional(v.array(hexSchema)),
  noTxPool: optional(v.boolean()),
  gasLimit: quantity,
  eip1559Params: optional(bytes8Schema),
  minBaseFee: optional(quantity),
});

function defined<T extends object>(value: T): T {
  return Object.fromEntries(
    Object.entries(value).filter(([, field]) => field !== undefined && field !== null),
  ) as T;
}

/** Parses an ExecutionPayload from Engine API JSON; throws a ConfigError naming the field. */
export function executionPayloadFromJson(json: unknown): ExecutionPayload {
  return defined(parseConfig(payloadSchema, json, "executionPayload")) as ExecutionPayload;
}

/** Parses OP payload attributes (`transactions` absent means none; `noTxPool` absent means false). */
export function payloadAttributesFromJson(json: unknown): PayloadAttributes {
  const raw = parseConfig(attributesSchema, json, "payloadAttributes");
  return defined({
    ...raw,
    transactions: (raw.transactions ?? []).map(hexToBytes),
    noTxPool: raw.noTxPool ?? false,
  }) as PayloadAttributes;
}

const toQuantity = (value: bigint) => `0x${value.toString(16)}`;

export function executionPayloadToJson(payload: ExecutionPayload): Record<string, unknown> {
  return defined({
    ...payload,
    blockNumber: toQuantity(payload.blockNumber),
    gasLimit: toQuantity(payload.gasLimit),
    gasUsed: toQuantity(payload.gasUsed),
    timestamp: toQuantity(payload.timestamp),
    baseFeePerGas: toQuantity(payload.baseFeePerGas),
    blobGasUsed: payload.blobGasUsed === undefined ? undefined : toQuantity(payload.blobGasUsed),
    excessBlobGas: payload.excessBlobGas === undefined ? undefined : toQuantity(payload.excessBlobGas),
  });
}

export function payloadAttributesToJson(attributes: PayloadAttributes): Record<string, unknown> {
  return defined({
    ...attributes,
    timestamp: toQuantity(attributes.timestamp),
    transactions: attributes.transactions.map(bytesToHex),
    gasLimit: toQuantity(attributes.gasLimit),
    minBaseFee: attributes.minBaseFee === undefined ? undefined : toQuantity(attributes.minBaseFee),
  });
}

/** Engine API payload status (execution-apis PayloadStatusV1). */
export type PayloadStatusValue = "VALID" | "INVALID" | "SYNCING" | "ACCEPTED" | "INVALID_BLOCK_HASH";

export interface PayloadStatus {
  readonly status: PayloadStatusValue;
  readonly latestValidHash: Hash | null;
  readonly validationError: string | null;
}

export interface ForkchoiceState {
  readonly headBlockHash: Hash;
  readonly safeBlockHash: Hash;
  readonly finalizedBlockHash: Hash;
}

export interface PayloadContext {
  /** Ecotone and later: the L1 origin's parent beacon block root (from the attributes). */
  readonly parentBeaconBlockRoot?: Hash;
  /** Isthmus and later: sha256("") on OP (there are no execution requests). */
  readonly requestsHash?: Hash;
}

/**
 * The header a payload stands for: transactionsRoot from its transactions, withdrawalsRoot the
 * empty root for an empty V2+ withdrawals list (or OP's Isthmus field), the beacon root and
 * requests hash from the call's other arguments.
 */
export function payloadToHeader(payload: ExecutionPayload, context: PayloadContext = {}): BlockHeader {
  const header: { -readonly [K in keyof BlockHeader]: BlockHeader[K] } = {
    parentHash: payload.parentHash,
    sha3Uncles: EMPTY_UNCLES_HASH,
    miner: payload.feeRecipient,
    stateRoot: payload.stateRoot,
    transactionsRoot: bytesToHex(orderedTrieRoot(payload.transactions.map(hexToBytes))),
    receiptsRoot: payload.receiptsRoot,
    logsBloom: payload.logsBloom,
    difficulty: 0n,
    number: payload.blockNumber,
    gasLimit: payload.gasLimit,
    gasUsed: payload.gasUsed,
    timestamp: payload.timestamp,
    extraData: payload.extraData,
    mixHash: payload.prevRandao,
    nonce: "0x0000000000000000",
    baseFeePerGas: payload.baseFeePerGas,
  };
  if (payload.withdrawalsRoot !== undefined) header.withdrawalsRoot = payload.withdrawalsRoot;
  else if (payload.withdrawals !== undefined) header.withdrawalsRoot = EMPTY_ROOT_HASH;
  if (payload.blobGasUsed !== undefined) header.blobGasUsed = payload.blobGasUsed;
  if (payload.excessBlobGas !== undefined) header.excessBlobGas = payload.excessBlobGas;
  if (context.parentBeaconBlockRoot !== undefined)
    header.parentBeaconBlockRoot = context.parentBeaconBlockRoot;
  if (context.requestsHash !== undefined) header.requestsHash = context.requestsHash;
  return header;
}

/**
 * The execution payload of a sealed block (the inverse of payloadToHeader): withdrawals `[]` when
 * the header has a withdrawals root (Canyon and later), the blob gas fields when it has them, and
 * the header's withdrawalsRoot in the payload from Isthmus (OP's extra field).
 */
export function payloadFromHeader(
  header: BlockHeader,
  blockHash: Hash,
  transactions: readonly Hex[],
  isthmus: boolean,
): ExecutionPayload {
  return {
    parentHash: header.parentHash,
    feeRecipient: header.miner,
    stateRoot: header.stateRoot,
    receiptsRoot: header.receiptsRoot,
    logsBloom: header.logsBloom,
    prevRandao: header.mixHash,
    blockNumber: header.number,
    gasLimit: header.gasLimit,
    gasUsed: header.gasUsed,
    timestamp: header.timestamp,
    extraData: header.extraData,
    baseFeePerGas: header.baseFeePerGas ?? 0n,
    blockHash,
    transactions,
    ...(header.withdrawalsRoot === undefined ? {} : { withdrawals: [] }),
    ...(header.blobGasUsed === undefined ? {} : { blobGasUsed: header.blobGasUsed }),
    ...(header.excessBlobGas === undefined ? {} : { excessBlobGas: header.excessBlobGas }),
    ...(isthmus && header.withdrawalsRoot !== undefined ? { withdrawalsRoot: header.withdrawalsRoot } : {}),
  };
}

/** The block hash a payload must carry: newPayload answers INVALID_BLOCK_HASH otherwise. */
export function payloadBlockHash(payload: ExecutionPayload, context: PayloadContext = {}): Hash {
  return headerHash(payloadToHeader(payload, context));
}
