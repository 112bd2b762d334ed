// The JSON `inspect` prints: per channel its id, compression and sizes; per batch its type; per
// L2 block its timestamp, L1 origin number and transaction count, in total and by type.
import {
  type BatchData,
  bytesToHex,
  type ChannelContents,
  deriveSpanBatch,
  keccak256Hex,
  type RawSpanBatch,
  type SpanBatchChainParams,
  spanBatchL1Origins,
  transactionType,
  txDataType,
} from "@supernode/protocol";

export interface ReportOptions {
  /** Genesis time, block time and chain id, when known (needed for span-batch timestamps and hashes). */
  readonly chain: Partial<SpanBatchChainParams>;
  readonly full: boolean;
}

export interface BlockReport {
  timestamp: number | null;
  l1OriginNumber: number;
  txCount: number;
  txTypes: Record<string, number>;
  txHashes?: string[];
}

function countTypes(types: readonly number[]): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const type of types) counts[String(type)] = (counts[String(type)] ?? 0) + 1;
  return counts;
}

function blockReport(
  timestamp: number | null,
  l1Origin: number,
  types: number[],
  txs: readonly Uint8Array[] | null,
  full: boolean,
): BlockReport {
  const report: BlockReport = {
    timestamp,
    l1OriginNumber: l1Origin,
    txCount: types.length,
    txTypes: countTypes(types),
  };
  if (full && txs) report.txHashes = txs.map(keccak256Hex);
  return report;
}

function completeChain(chain: Partial<SpanBatchChainParams>): SpanBatchChainParams | null {
  const { genesisTimestamp, blockTime, chainId } = chain;
  return genesisTimestamp !== undefined && blockTime !== undefined && chainId !== undefined
    ? { genesisTimestamp, blockTime, chainId }
    : null;
}

function spanReport(raw: RawSpanBatch, options: ReportOptions) {
  const types = raw.txs.map((tx) => txDataType(tx.data));
  const base = {
    type: "span" as const,
    relTimestamp: Number(raw.relTimestamp),
    l1OriginNumber: Number(raw.l1OriginNum),
    parentCheck: bytesToHex(raw.parentCheck),
    l1OriginCheck: bytesToHex(raw.l1OriginCheck),
    blockCount: raw.blockCount,
    txCount: raw.txs.length,
  };
  const chain = completeChain(options.chain);
  // Without the chain's genesis time and id the blocks still have their origins and tx types.
  const origins = spanBatchL1Origins(raw);
  let derived: ReturnType<typeof deriveSpanBatch> | null = null;
  let error: string | undefined;
  if (chain) {
    try {
      derived = deriveSpanBatch(raw, chain);
    } catch (cause) {
      error = cause instanceof Error ? cause.message : String(cause);
    }
  }
  let at = 0;
  const blocks = raw.blockTxCounts.map((count, i) => {
    const blockTypes = types.slice(at, at + count);
    at += count;
    const element = derived?.elements[i];
    return blockReport(
      element?.timestamp ?? null,
      origins[i] ?? 0,
      blockTypes,
      element?.transactions ?? null,
      options.full,
    );
  });
  return error === undefined ? { ...base, blocks } : { ...base, error, blocks };
}

export function batchReport(batch: BatchData, options: ReportOptions) {
  if (batch.type === "span") return spanReport(batch.batch, options);
  const b = batch.batch;
  return {
    type: "singular" as const,
    parentHash: b.parentHash,
    epochHash: b.epochHash,
    blocks: [
      blockReport(b.timestamp, b.epochNum, b.transactions.map(transactionType), b.transactions, options.full),
    ],
  };
}

export function channelReport(id: string | null, contents: ChannelContents, options: ReportOptions) {
  const stoppedBy = contents.decompressError ?? contents.batchError;
  return {
    ...(id === null ? {} : { id }),
    compression: contents.compression,
    compressedBytes: contents.compressedSize,
    decompressedBytes: contents.decompressedSize,
    ...(contents.capped ? { capped: true } : {}),
    stoppedBy: stoppedBy ? stoppedBy.message : null,
    batches: contents.batches.map((batch) => batchReport(batch, options)),
  };
}
