// Span batches (batch type 1; specs delta/span-batches.md; op-node span_batch.go,
// span_batch_txs.go). Decoding mirrors op-node's RawSpanBatch.decode, whose errors end the
// channel; expansion (rebuilding transactions, per-block timestamps and L1 origins) mirrors
// RawSpanBatch.derive, whose errors concern only that batch.
import {
  ByteReader,
  concatBytes,
  encodeUvarint,
  UnexpectedEndError,
  UvarintOverflowError,
} from "../encoding/bytes.ts";
import { RlpError, rlpItemAt } from "../encoding/rlp.ts";
import {
  buildTransaction,
  chainEncoding,
  LEGACY_TX_TYPE,
  type SpanTransaction,
  toSpanTransaction,
  txDataType,
} from "../transactions/spanTransaction.ts";
import { BatchError } from "./batchError.ts";
import { BitList } from "./bitlist.ts";
import { MAX_SPAN_BATCH_ELEMENT_COUNT } from "./limits.ts";

/** The wire form of a span batch (after the type byte). */
export interface RawSpanBatch {
  /** Span start timestamp minus the genesis L2 time. */
  readonly relTimestamp: bigint;
  /** L1 origin number of the last block. */
  readonly l1OriginNum: bigint;
  /** First 20 bytes of the parent block hash. */
  readonly parentCheck: Uint8Array;
  /** First 20 bytes of the last block's L1 origin hash. */
  readonly l1OriginCheck: Uint8Array;
  readonly blockCount: number;
  /** Bit i set: block i starts a new epoch (bit 0 is not used in the computation). */
  readonly originBits: BitList;
  readonly blockTxCounts: readonly number[];
  readonly txs: readonly RawSpanTransaction[];
}

/** A span-batch transaction before its type is checked (op-node checks types only when deriving). */
export type RawSpanTransaction = Omit<SpanTransaction, "type"> & { readonly type: number };

export interface SpanBatchElement {
  readonly timestamp: number;
  /** L1 origin (epoch) number of this block. */
  readonly epochNum: number;
  /** Signed EIP-2718 transactions. */
  readonly transactions: readonly Uint8Array[];
}

/** A span batch expanded into its blocks. */
export interface SpanBatch {
  readonly parentCheck: Uint8Array;
  readonly l1OriginCheck: Uint8Array;
  readonly elements: readonly SpanBatchElement[];
}

export interface SpanBatchChainParams {
  readonly genesisTimestamp: number;
  readonly blockTime: number;
  readonly chainId: bigint;
}

function count(reader: ByteReader, field: string): number {
  let value: number;
  try {
    value = reader.uvarint(field);
  } catch (error) {
    // Beyond 2^53 is far beyond the element cap: the same verdict op-node reaches.
    if (error instanceof UvarintOverflowError)
      throw new BatchError("too many elements", "count overflows", { field });
    throw error;
  }
  if (value > MAX_SPAN_BATCH_ELEMENT_COUNT) {
    throw new BatchError("too many elements", `${value} > ${MAX_SPAN_BATCH_ELEMENT_COUNT}`, { field });
  }
  return value;
}

/** op-node ReadTxData: an optional type byte (≤ 0x7f), then one RLP list taken raw. */
function readTxData(reader: ByteReader): Uint8Array {
  const start = reader.offset;
  const first = reader.u8("tx_datas");
  const listStart = first <= 0x7f ? reader.offset : start;
  let item: ReturnType<typeof rlpItemAt>;
  try {
    item = rlpItemAt(
      reader.bytes,
      listStart,
      Math.min(reader.bytes.length, listStart + MAX_SPAN_BATCH_ELEMENT_COUNT),
    );
  } catch (error) {
    if (error instanceof RlpError)
      throw new BatchError("invalid rlp", error.message, { field: "tx_datas", cause: error });
    throw error;
  }
  if (item.kind !== "list") throw new BatchError("tx data not a list", undefined, { field: "tx_datas" });
  reader.offset = item.end;
  return reader.bytes.subarray(start, item.end);
}

function decodeBody(reader: ByteReader): RawSpanBatch {
  const relTimestamp = reader.uvarintBig("rel_timestamp");
  const l1OriginNum = reader.uvarintBig("l1_origin_num");
  const parentCheck = reader.take(20, "parent_check");
  const l1OriginCheck = reader.take(20, "l1_origin_check");
  const blockCount = count(reader, "block_count");
  if (blockCount === 0) throw new BatchError("empty span batch", undefined, { field: "block_count" });
  const originBits = BitList.read(reader, blockCount, "origin_bits");
  const blockTxCounts: number[] = [];
  let totalTxs = 0;
  for (let i = 0; i < blockCount; i++) {
    const txCount = count(reader, "block_tx_counts");
    totalTxs += txCount;
    if (totalTxs > MAX_SPAN_BATCH_ELEMENT_COUNT) {
      throw new BatchError("too many elements", `total ${totalTxs} > ${MAX_SPAN_BATCH_ELEMENT_COUNT}`, {
        field: "block_tx_counts",
      });
    }
    blockTxCounts.push(txCount);
  }

  const creations = BitList.read(reader, totalTxs, "contract_creation_bits");
  const yParities = BitList.read(reader, totalTxs, "y_parity_bits");
  const signatures: { r: Uint8Array; s: Uint8Array }[] = [];
  for (let i = 0; i < totalTxs; i++)
    signatures.push({ r: reader.take(32, "tx_sigs"), s: reader.take(32, "tx_sigs") });
  const creationCount = creations.count();
  const tos: Uint8Array[] = [];
  for (let i = 0; i < totalTxs - creationCount; i++) tos.push(reader.take(20, "tx_tos"));
  const datas: Uint8Array[] = [];
  let legacyCount = 0;
  for (let i = 0; i < totalTxs; i++) {
    const data = readTxData(reader);
    if (txDataType(data) === LEGACY_TX_TYPE) legacyCount++;
    datas.push(data);
  }
  const nonces: bigint[] = [];
  for (let i = 0; i < totalTxs; i++) nonces.push(reader.uvarintBig("tx_nonces"));
  const gases: bigint[] = [];
  for (let i = 0; i < totalTxs; i++) gases.push(reader.uvarintBig("tx_gases"));
  const protectedBits = BitList.read(reader, legacyCount, "protected_bits");

  const txs: RawSpanTransaction[] = [];
  let toIndex = 0;
  let legacyIndex = 0;
  for (let i = 0; i < totalTxs; i++) {
    const data = datas[i] as Uint8Array;
    const type = txDataType(data);
    const isCreation = creations.get(i);
    const signature = signatures[i] as { r: Uint8Array; s: Uint8Array };
    txs.push({
      type,
      data,
      nonce: nonces[i] as bigint,
      gas: gases[i] as bigint,
      to: isCreation ? null : (tos[toIndex++] as Uint8Array),
      r: signature.r,
      s: signature.s,
      yParity: yParities.get(i) ? 1 : 0,
      protected: type === LEGACY_TX_TYPE ? protectedBits.get(legacyIndex++) : false,
    });
  }
  return {
    relTimestamp,
    l1OriginNum,
    parentCheck,
    l1OriginCheck,
    blockCount,
    originBits,
    blockTxCounts,
    txs,
  };
}

/**
 * Decodes a span batch (the bytes after the 0x01 type byte). Bytes after the transactions are
 * not read, as in op-node. Throws BatchError.
 */
export function decodeRawSpanBatch(bytes: Uint8Array): RawSpanBatch {
  const reader = new ByteReader(bytes);
  try {
    return decodeBody(reader);
  } catch (error) {
    if (error instanceof UnexpectedEndError) {
      throw new BatchError("truncated", undefined, { field: error.meta.field, cause: error });
    }
    if (error instanceof UvarintOverflowError) {
      throw new BatchError("varint overflow", undefined, { field: error.meta.field, cause: error });
    }
    throw error;
  }
}

/** The wire form of a span batch (without the type byte); byte-exact inverse of decodeRawSpanBatch. */
export function encodeRawSpanBatch(batch: RawSpanBatch): Uint8Array {
  const txs = batch.txs;
  const parts: Uint8Array[] = [
    encodeUvarint(batch.relTimestamp),
    encodeUvarint(batch.l1OriginNum),
    batch.parentCheck,
    batch.l1OriginCheck,
    encodeUvarint(batch.blockCount),
    batch.originBits.bytes,
    ...batch.blockTxCounts.map((n) => encodeUvarint(n)),
    BitList.from(txs.map((tx) => tx.to === null)).bytes,
    BitList.from(txs.map((tx) => tx.yParity === 1)).bytes,
  ];
  for (const tx of txs) parts.push(tx.r, tx.s);
  for (const tx of txs) if (tx.to !== null) parts.push(tx.to);
  for (const tx of txs) parts.push(tx.data);
  for (const tx of txs) parts.push(encodeUvarint(tx.nonce));
  for (const tx of txs) parts.push(encodeUvarint(tx.gas));
  parts.push(BitList.from(txs.filter((tx) => tx.type === LEGACY_TX_TYPE).map((tx) => tx.protected)).bytes);
  return concatBytes(parts);
}

function safeNumber(value: bigint, field: string): number {
  if (value > BigInt(Number.MAX_SAFE_INTEGER) || value < 0n) {
    throw new BatchError("value out of range", `${value}`, { field });
  }
  return Number(value);
}

/** Each block's L1 origin number, walked back from the last block's (op-node RawSpanBatch.derive). */
export function spanBatchL1Origins(raw: RawSpanBatch): number[] {
  const origins: number[] = new Array(raw.blockCount);
  let origin = raw.l1OriginNum;
  for (let i = raw.blockCount - 1; i >= 0; i--) {
    origins[i] = safeNumber(origin, "l1_origin_num");
    if (raw.originBits.get(i) && i > 0) origin -= 1n;
  }
  return origins;
}

/**
 * Expands a raw span batch into its blocks: timestamps from genesis, L1 origins walked back from
 * the last block, transactions rebuilt with the chain id. Throws BatchError for this batch only.
 */
export function deriveSpanBatch(raw: RawSpanBatch, chain: SpanBatchChainParams): SpanBatch {
  if (raw.blockCount === 0) throw new BatchError("empty span batch");
  const origins = spanBatchL1Origins(raw);
  const encoding = chainEncoding(chain.chainId);
  const transactions = raw.txs.map((tx) => buildTransaction(tx, encoding));
  const start = BigInt(chain.genesisTimestamp) + raw.relTimestamp;
  const elements: SpanBatchElement[] = [];
  let txIndex = 0;
  for (let i = 0; i < raw.blockCount; i++) {
    const txCount = raw.blockTxCounts[i] ?? 0;
    elements.push({
      timestamp: safeNumber(start + BigInt(chain.blockTime * i), "rel_timestamp"),
      epochNum: origins[i] as number,
      transactions: transactions.slice(txIndex, txIndex + txCount),
    });
    txIndex += txCount;
  }
  return { parentCheck: raw.parentCheck, l1OriginCheck: raw.l1OriginCheck, elements };
}

export interface SpanBatchBlock {
  readonly timestamp: number;
  readonly epochNum: number;
  readonly transactions: readonly Uint8Array[];
}

/**
 * Builds a span batch from consecutive blocks (for the batcher). `parentHash` is the hash of the
 * block before the first, `lastL1OriginHash` the hash of the last block's L1 origin. Blocks must
 * be `blockTime` apart and each L1 origin equal to the previous one or the next.
 */
export function buildRawSpanBatch(
  blocks: readonly SpanBatchBlock[],
  context: SpanBatchChainParams & { readonly parentHash: Uint8Array; readonly lastL1OriginHash: Uint8Array },
): RawSpanBatch {
  const first = blocks[0];
  const last = blocks.at(-1);
  if (!first || !last) throw new BatchError("empty span batch");
  if (blocks.length > MAX_SPAN_BATCH_ELEMENT_COUNT)
    throw new BatchError("too many elements", `${blocks.length} blocks`);
  if (first.timestamp < context.genesisTimestamp) {
    throw new BatchError("value out of range", "block before genesis", { field: "timestamp" });
  }
  blocks.forEach((block, i) => {
    const previous = blocks[i - 1];
    if (!previous) return;
    if (block.timestamp !== previous.timestamp + context.blockTime) {
      throw new BatchError(
        "blocks not consecutive",
        `block ${i} is not ${context.blockTime}s after block ${i - 1}`,
      );
    }
    if (block.epochNum !== previous.epochNum && block.epochNum !== previous.epochNum + 1) {
      throw new BatchError(
        "blocks not consecutive",
        `block ${i}'s L1 origin ${block.epochNum} after ${previous.epochNum}`,
      );
    }
  });
  const txs = blocks.flatMap((block) =>
    block.transactions.map((tx) => toSpanTransaction(tx, context.chainId)),
  );
  if (txs.length > MAX_SPAN_BATCH_ELEMENT_COUNT)
    throw new BatchError("too many elements", `${txs.length} txs`);
  return {
    relTimestamp: BigInt(first.timestamp - context.genesisTimestamp),
    l1OriginNum: BigInt(last.epochNum),
    parentCheck: context.parentHash.subarray(0, 20),
    l1OriginCheck: context.lastL1OriginHash.subarray(0, 20),
    blockCount: blocks.length,
    originBits: BitList.from(
      blocks.map((block, i) => i > 0 && block.epochNum !== (blocks[i - 1] as SpanBatchBlock).epochNum),
    ),
    blockTxCounts: blocks.map((block) => block.transactions.length),
    txs,
  };
}
