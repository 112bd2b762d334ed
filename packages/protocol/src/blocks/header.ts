// Execution block headers: RLP and hash for every fork's field set (yellow paper + EIP-1559,
// -4895, -4844, -4788, -7685). OP blocks use the same layout: from Canyon withdrawalsRoot is the
// empty root, from Isthmus it is the L2ToL1MessagePasser storage root and requestsHash is
// sha256("") (specs isthmus/exec-engine.md).
import { keccak256 } from "../crypto/keccak.ts";
import { bytesToHex, hexToBytes } from "../encoding/bytes.ts";
import { rlpEncodeList, rlpEncodeString, rlpEncodeUint } from "../encoding/rlp.ts";
import { SupernodeError } from "../errors.ts";
import type { Address, Hash, Hex } from "../types/primitives.ts";

export interface BlockHeader {
  readonly parentHash: Hash;
  readonly sha3Uncles: Hash;
  readonly miner: Address;
  readonly stateRoot: Hash;
  readonly transactionsRoot: Hash;
  readonly receiptsRoot: Hash;
  readonly logsBloom: Hex;
  readonly difficulty: bigint;
  readonly number: bigint;
  readonly gasLimit: bigint;
  readonly gasUsed: bigint;
  readonly timestamp: bigint;
  readonly extraData: Hex;
  readonly mixHash: Hash;
  readonly nonce: Hex;
  /** London and later. */
  readonly baseFeePerGas?: bigint;
  /** Shanghai (Canyon) and later. */
  readonly withdrawalsRoot?: Hash;
  /** Cancun (Ecotone) and later. */
  readonly blobGasUsed?: bigint;
  readonly excessBlobGas?: bigint;
  readonly parentBeaconBlockRoot?: Hash;
  /** Prague (Isthmus) and later. */
  readonly requestsHash?: Hash;
}

/** keccak256(rlp([])): the uncle hash of every post-merge block. */
export const EMPTY_UNCLES_HASH: Hash = "0x1dcc4de8dec75d7aab85b567b6ccd41ad312451b948a7413f0a142fd40d49347";
/** The root of an empty trie (no withdrawals before Isthmus on OP). */
export const EMPTY_ROOT_HASH: Hash = "0x56e81f171bcc55a6ff8345e692c0f86e5b48e01b996cadc001622fb5e363b421";
/** sha256(""): the requests hash of OP blocks from Isthmus. */
export const EMPTY_REQUESTS_HASH: Hash = "0xe3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855";

export class HeaderError extends SupernodeError<"HEADER_INVALID", { field: string }> {
  override readonly name = "HeaderError";

  constructor(field: string, reason: string) {
    super("HEADER_INVALID", `header ${field}: ${reason}`, { field });
  }
}

/** The header's RLP: optional fields are appended in fork order, and a later one needs the earlier ones. */
export function encodeHeader(header: BlockHeader): Uint8Array {
  const bytes = (hex: Hex) => rlpEncodeString(hexToBytes(hex));
  const fields = [
    bytes(header.parentHash),
    bytes(header.sha3Uncles),
    bytes(header.miner),
    bytes(header.stateRoot),
    bytes(header.transactionsRoot),
    bytes(header.receiptsRoot),
    bytes(header.logsBloom),
    rlpEncodeUint(header.difficulty),
    rlpEncodeUint(header.number),
    rlpEncodeUint(header.gasLimit),
    rlpEncodeUint(header.gasUsed),
    rlpEncodeUint(header.timestamp),
    bytes(header.extraData),
    bytes(header.mixHash),
    bytes(header.nonce),
  ];
  const optional: [string, Uint8Array | undefined][] = [
    ["baseFeePerGas", header.baseFeePerGas === undefined ? undefined : rlpEncodeUint(header.baseFeePerGas)],
    ["withdrawalsRoot", header.withdrawalsRoot === undefined ? undefined : bytes(header.withdrawalsRoot)],
    ["blobGasUsed", header.blobGasUsed === undefined ? undefined : rlpEncodeUint(header.blobGasUsed)],
    ["excessBlobGas", header.excessBlobGas === undefined ? undefined : rlpEncodeUint(header.excessBlobGas)],
    [
      "parentBeaconBlockRoot",
      header.parentBeaconBlockRoot === undefined ? undefined : bytes(header.parentBeaconBlockRoot),
    ],
    ["requestsHash", header.requestsHash === undefined ? undefined : bytes(header.requestsHash)],
  ];
  let missing: string | null = null;
  for (const [name, encoded] of optional) {
    if (encoded === undefined) {
      missing ??= name;
      continue;
    }
    if (missing !== null) throw new HeaderError(name, `present without ${missing}`);
    fields.push(encoded);
  }
  return rlpEncodeList(fields);
}

export function headerHash(header: BlockHeader): Hash {
  return bytesToHex(keccak256(encodeHeader(header)));
}

/** A header from an eth_getBlockBy* JSON result (hex quantities). */
export function headerFromRpc(json: Record<string, unknown>): BlockHeader {
  const hex = (field: string): Hex => {
    const value = json[field];
    if (typeof value !== "string" || !/^0x[0-9a-fA-F]*$/.test(value))
      throw new HeaderError(field, "missing or not hex");
    return value.toLowerCase() as Hex;
  };
  const quantity = (field: string): bigint => BigInt(hex(field));
  const optional = <T>(field: string, read: (field: string) => T): T | undefined =>
    json[field] === undefined || json[field] === null ? undefined : read(field);
  const header: { -readonly [K in keyof BlockHeader]: BlockHeader[K] } = {
    parentHash: hex("parentHash"),
    sha3Uncles: hex("sha3Uncles"),
    miner: hex("miner"),
    stateRoot: hex("stateRoot"),
    transactionsRoot: hex("transactionsRoot"),
    receiptsRoot: hex("receiptsRoot"),
    logsBloom: hex("logsBloom"),
    difficulty: quantity("difficulty"),
    number: quantity("number"),
    gasLimit: quantity("gasLimit"),
    gasUsed: quantity("gasUsed"),
    timestamp: quantity("timestamp"),
    extraData: hex("extraData"),
    mixHash: hex("mixHash"),
    nonce: hex("nonce"),
  };
  const baseFee = optional("baseFeePerGas", quantity);
  if (baseFee !== undefined) header.baseFeePerGas = baseFee;
  const withdrawalsRoot = optional("withdrawalsRoot", hex);
  if (withdrawalsRoot !== undefined) header.withdrawalsRoot = withdrawalsRoot;
  const blobGasUsed = optional("blobGasUsed", quantity);
  if (blobGasUsed !== undefined) header.blobGasUsed = blobGasUsed;
  const excessBlobGas = optional("excessBlobGas", quantity);
  if (excessBlobGas !== undefined) header.excessBlobGas = excessBlobGas;
  const beaconRoot = optional("parentBeaconBlockRoot", hex);
  if (beaconRoot !== undefined) header.parentBeaconBlockRoot = beaconRoot;
  const requestsHash = optional("requestsHash", hex);
  if (requestsHash !== undefined) header.requestsHash = requestsHash;
  return header;
}
