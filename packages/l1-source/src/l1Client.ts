// The L1 JSON-RPC client every chain shares: headers by hash, number and label, a block's
// transactions and receipts, each checked against the header (hash, transactionsRoot,
// receiptsRoot) unless trustRpc. Data keyed by block hash is cached and never changes. Labels
// always ask the node; numbers are answered from a canonical index that a reorg invalidates
// (HeadTracker → invalidateFrom), and canonicalHeaderByNumber skips that index to see reorgs.
// Concurrent identical requests share one upstream request.
import {
  type BlockHeader,
  bytesEqual,
  bytesToHex,
  concatBytes,
  type Hash,
  headerFromRpc,
  headerHash,
  hexToBytes,
  type L1BlockRef,
  orderedTrieRoot,
  rlpEncodeList,
  rlpEncodeString,
  rlpEncodeUint,
} from "@supernode/protocol";
import {
  formatTransaction,
  type RpcTransaction,
  serializeTransaction,
  type TransactionSerializable,
} from "viem";
import { BoundedCache } from "./boundedCache.ts";
import { Coalescer } from "./coalescer.ts";
import { L1SourceError } from "./errors.ts";
import type { CacheKind, L1SourceMetrics } from "./metrics.ts";
import type { RpcClient } from "./rpc/rpcClient.ts";

export interface L1Header {
  readonly hash: Hash;
  readonly header: BlockHeader;
  readonly ref: L1BlockRef;
}

export interface L1Log {
  readonly address: `0x${string}`;
  readonly topics: readonly Hash[];
  readonly data: Uint8Array;
  /** Block-global log index. */
  readonly logIndex: number;
}

export interface L1Receipt {
  readonly type: number;
  readonly status: "success" | "reverted";
  readonly cumulativeGasUsed: bigint;
  readonly logsBloom: `0x${string}`;
  readonly logs: readonly L1Log[];
  readonly transactionHash: Hash;
}

export type BlockLabel = "latest" | "safe" | "finalized";

export interface L1ClientOptions {
  /** Skip hash and root checks (only for a node the operator runs and trusts). */
  readonly trustRpc?: boolean;
  /**
   * The shared window, in L1 blocks behind the furthest block read: reads inside it are cached
   * for every chain; a chain lagging further behind reads uncached (still coalesced), so it
   * never evicts what the others are about to read.
   */
  readonly windowBlocks?: number;
  readonly metrics?: L1SourceMetrics | null;
  /** Cache bounds: blocks kept per kind, and bytes across all kinds of one cache. */
  readonly cacheBlocks?: number;
  readonly cacheBytes?: number;
}

interface RpcLog {
  address: `0x${string}`;
  topics: Hash[];
  data: `0x${string}`;
  logIndex: `0x${string}`;
}

interface RpcReceipt {
  type: `0x${string}`;
  status: `0x${string}`;
  cumulativeGasUsed: `0x${string}`;
  logsBloom: `0x${string}`;
  logs: RpcLog[];
  transactionHash: Hash;
}

type RpcBlock = Record<string, unknown> & { hash: Hash; transactions: (RpcTransaction | Hash)[] };

function refOf(hash: Hash, header: BlockHeader): L1BlockRef {
  return {
    hash,
    number: Number(header.number),
    parentHash: header.parentHash,
    timestamp: Number(header.timestamp),
  };
}

/**
 * The signed transaction as its EIP-2718 bytes, rebuilt from the node's JSON. With
 * `withSidecar`, a blob transaction whose JSON carries its blobs is encoded in its network form
 * (with blobs, commitments and proofs): anvil commits to that form in transactionsRoot.
 */
export function rawTransaction(tx: RpcTransaction, withSidecar = false): Uint8Array {
  const formatted = formatTransaction(tx) as unknown as TransactionSerializable & {
    r: Hash;
    s: Hash;
    v: bigint;
    yParity?: number;
    input: `0x${string}`;
  };
  // viem's formatter keeps the calldata as `input`; its serializer reads `data`.
  formatted.data = formatted.input;
  const blobFields = formatted as unknown as {
    blobs?: Hash[];
    commitments?: Hash[];
    proofs?: Hash[];
    sidecars?: unknown;
  };
  if (withSidecar && blobFields.blobs && blobFields.commitments && blobFields.proofs) {
    const { commitments, proofs } = blobFields;
    blobFields.sidecars = blobFields.blobs.map((blob, i) => ({
      blob,
      commitment: commitments[i],
      proof: proofs[i],
    }));
  } else {
    // The consensus encoding of a blob transaction carries no sidecar (some nodes return blobs).
    delete blobFields.blobs;
    blobFields.sidecars = false;
  }
  const signature =
    formatted.type === "legacy"
      ? { r: formatted.r, s: formatted.s, v: formatted.v }
      : { r: formatted.r, s: formatted.s, yParity: formatted.yParity ?? 0 };
  return hexToBytes(serializeTransaction(formatted, signature));
}

/** A receipt's consensus encoding (EIP-2718): [status, cumulativeGasUsed, logsBloom, logs]. */
export function encodeReceipt(receipt: L1Receipt): Uint8Array {
  const body = rlpEncodeList([
    rlpEncodeUint(receipt.status === "success" ? 1 : 0),
    rlpEncodeUint(receipt.cumulativeGasUsed),
    rlpEncodeString(hexToBytes(receipt.logsBloom)),
    rlpEncodeList(
      receipt.logs.map((log) =>
        rlpEncodeList([
          rlpEncodeString(hexToBytes(log.address)),
          rlpEncodeList(log.topics.map((topic) => rlpEncodeString(hexToBytes(topic)))),
          rlpEncodeString(log.data),
        ]),
      ),
    ),
  ]);
  return receipt.type === 0 ? body : concatBytes([Uint8Array.of(receipt.type), body]);
}

function receiptFromRpc(rpc: RpcReceipt): L1Receipt {
  return {
    type: Number(rpc.type),
    status: BigInt(rpc.status) === 1n ? "success" : "reverted",
    cumulativeGasUsed: BigInt(rpc.cumulativeGasUsed),
    logsBloom: rpc.logsBloom,
    transactionHash: rpc.transactionHash,
    logs: rpc.logs.map((log) => ({
      address: log.address.toLowerCase() as `0x${string}`,
      topics: log.topics.map((t) => t.toLowerCase() as Hash),
      data: hexToBytes(log.data),
      logIndex: Number(log.logIndex),
    })),
  };
}

export class L1Client {
  readonly #headers: BoundedCache<L1Header>;
  readonly #transactions: BoundedCache<Uint8Array[]>;
  readonly #receipts: BoundedCache<L1Receipt[]>;
  readonly #coalesce = new Coalescer<unknown>();
  readonly #trustRpc: boolean;
  readonly #window: number;
  /** Canonical number → hash for blocks read by number; dropped from a reorg's first block on. */
  readonly #canonical = new Map<number, Hash>();
  /** Bumped by invalidateFrom: a read by number issued before it may return a replaced block. */
  #epoch = 0;
  /** The furthest block number read so far. */
  #frontier = 0;
  readonly #metrics: L1SourceMetrics | null;

  constructor(
    private readonly rpc: RpcClient,
    options: L1ClientOptions = {},
  ) {
    const blocks = options.cacheBlocks ?? 1000;
    const bytes = options.cacheBytes ?? 512 * 1024 * 1024;
    this.#headers = new BoundedCache(blocks * 4, bytes);
    this.#transactions = new BoundedCache(blocks, bytes);
    this.#receipts = new BoundedCache(blocks, bytes);
    this.#trustRpc = options.trustRpc ?? false;
    this.#window = options.windowBlocks ?? Math.floor(blocks / 2);
    this.#metrics = options.metrics ?? null;
  }

  /** Whether a block is inside the shared window (cached) or behind it (read uncached). */
  inWindow(number: number): boolean {
    return number + this.#window >= this.#frontier;
  }

  /** Forget canonical number → hash entries from `fromNumber` on (the head tracker saw a reorg). */
  invalidateFrom(fromNumber: number): void {
    this.#epoch++;
    for (const number of [...this.#canonical.keys()])
      if (number >= fromNumber) this.#canonical.delete(number);
  }

  /** Requests answered by joining one already in flight. */
  get coalescedRequests(): number {
    return this.#coalesce.coalesced;
  }

  get cacheStats() {
    const stats = (cache: BoundedCache<unknown>) => ({
      hits: cache.hits,
      misses: cache.misses,
      entries: cache.size,
      bytes: cache.bytes,
    });
    return {
      headers: stats(this.#headers),
      transactions: stats(this.#transactions),
      receipts: stats(this.#receipts),
    };
  }

  #shared<T>(key: string, load: () => Promise<T>): Promise<T> {
    const before = this.#coalesce.coalesced;
    const result = this.#coalesce.run(key, load) as Promise<T>;
    if (this.#coalesce.coalesced > before) this.#metrics?.coalesced.inc();
    return result;
  }

  /** A cache lookup, counted by kind. */
  #cached<V>(cache: BoundedCache<V>, kind: CacheKind, key: string): V | undefined {
    const value = cache.get(key);
    (value === undefined ? this.#metrics?.cacheMisses : this.#metrics?.cacheHits)?.inc({ kind });
    return value;
  }

  #toHeader(method: string, block: RpcBlock | null, wanted: string, cache = true): L1Header {
    if (!block) throw new L1SourceError("not-found", method, `no block ${wanted}`);
    const header = headerFromRpc(block);
    const hash = block.hash.toLowerCase() as Hash;
    if (!this.#trustRpc && headerHash(header) !== hash) {
      throw new L1SourceError("permanent", method, `block ${wanted}: header does not hash to ${hash}`);
    }
    const result = { hash, header, ref: refOf(hash, header) };
    if (cache) this.#headers.set(hash, result, 600);
    return result;
  }

  headerByHash(hash: Hash): Promise<L1Header> {
    const cached = this.#cached(this.#headers, "header", hash.toLowerCase());
    if (cached) return Promise.resolve(cached);
    return this.#shared(`header:${hash}`, async () =>
      this.#toHeader(
        "eth_getBlockByHash",
        await this.rpc.request<RpcBlock | null>("eth_getBlockByHash", [hash, false]),
        hash,
      ),
    );
  }

  /**
   * A header by number: from the canonical index when this client already read that number and
   * no reorg since touched it (the head tracker calls invalidateFrom), else from the node.
   */
  headerByNumber(number: number): Promise<L1Header> {
    const known = this.#canonical.get(number);
    const cached = known === undefined ? undefined : this.#cached(this.#headers, "header", known);
    if (cached) return Promise.resolve(cached);
    return this.#fetchByNumber(number, `number:${this.#epoch}:${number}`);
  }

  /**
   * The node's header at `number` now, never from the index: how the head tracker sees a reorg
   * the index would hide. It never joins a headerByNumber read in flight (that one may predate
   * the reorg).
   */
  canonicalHeaderByNumber(number: number): Promise<L1Header> {
    return this.#fetchByNumber(number, `canonical:${this.#epoch}:${number}`);
  }

  #fetchByNumber(number: number, key: string): Promise<L1Header> {
    const tag = `0x${number.toString(16)}`;
    const epoch = this.#epoch;
    return this.#shared(key, async () => {
      const block = await this.rpc.request<RpcBlock | null>("eth_getBlockByNumber", [tag, false]);
      const inWindow = this.inWindow(number);
      const header = this.#toHeader("eth_getBlockByNumber", block, String(number), inWindow);
      // Read before the last invalidation: keep it out of the index; later callers did not join it.
      if (inWindow && epoch === this.#epoch) this.#canonical.set(number, header.hash);
      if (number > this.#frontier) {
        this.#frontier = number;
        for (const old of this.#canonical.keys())
          if (old + this.#window < number) this.#canonical.delete(old);
      }
      return header;
    });
  }

  headerByLabel(label: BlockLabel): Promise<L1Header> {
    return this.#shared(`label:${label}`, async () =>
      this.#toHeader(
        "eth_getBlockByNumber",
        await this.rpc.request<RpcBlock | null>("eth_getBlockByNumber", [label, false]),
        label,
      ),
    );
  }

  async l1BlockRefByNumber(number: number): Promise<L1BlockRef> {
    return (await this.headerByNumber(number)).ref;
  }

  /**
   * The canonical root must match, except on nodes (anvil) that commit to blob transactions in
   * their network form: that alternative is tried only when the node returned blob sidecars.
   */
  #transactionsMatch(txs: Uint8Array[], block: RpcBlock, root: Hash): boolean {
    const expected = hexToBytes(root);
    if (bytesEqual(orderedTrieRoot(txs), expected)) return true;
    const rpcTxs = block.transactions as (RpcTransaction & { blobs?: unknown })[];
    if (!rpcTxs.some((tx) => tx.blobs)) return false;
    return bytesEqual(orderedTrieRoot(rpcTxs.map((tx) => rawTransaction(tx, true))), expected);
  }

  /** The block's signed transactions (EIP-2718 bytes), checked against its transactionsRoot. */
  async transactions(blockHash: Hash): Promise<Uint8Array[]> {
    const key = blockHash.toLowerCase();
    const cached = this.#cached(this.#transactions, "transactions", key);
    if (cached) return cached;
    return this.#shared(`txs:${key}`, async () => {
      const block = await this.rpc.request<RpcBlock | null>("eth_getBlockByHash", [blockHash, true]);
      const header = this.#toHeader("eth_getBlockByHash", block, blockHash);
      const txs = (block as RpcBlock).transactions.map((tx) => {
        if (typeof tx === "string")
          throw new L1SourceError(
            "permanent",
            "eth_getBlockByHash",
            "node returned hashes, not transactions",
          );
        return rawTransaction(tx);
      });
      if (
        !this.#trustRpc &&
        !this.#transactionsMatch(txs, block as RpcBlock, header.header.transactionsRoot)
      ) {
        throw new L1SourceError(
          "permanent",
          "eth_getBlockByHash",
          `block ${blockHash}: transactions do not match transactionsRoot`,
        );
      }
      if (this.inWindow(header.ref.number))
        this.#transactions.set(
          key,
          txs,
          txs.reduce((n, tx) => n + tx.length, 0),
        );
      return txs;
    });
  }

  /** The block's receipts, checked against its receiptsRoot; eth_getBlockReceipts, else one by one. */
  async receipts(blockHash: Hash): Promise<L1Receipt[]> {
    const key = blockHash.toLowerCase();
    const cached = this.#cached(this.#receipts, "receipts", key);
    if (cached) return cached;
    return this.#shared(`receipts:${key}`, async () => {
      const header = await this.headerByHash(blockHash);
      let rpcReceipts: RpcReceipt[] | null;
      try {
        rpcReceipts = await this.rpc.request<RpcReceipt[] | null>("eth_getBlockReceipts", [blockHash]);
      } catch (error) {
        if (!(error instanceof L1SourceError) || error.kind !== "permanent") throw error;
        const block = await this.rpc.request<RpcBlock | null>("eth_getBlockByHash", [blockHash, false]);
        if (!block) throw new L1SourceError("not-found", "eth_getBlockByHash", `no block ${blockHash}`);
        rpcReceipts = await Promise.all(
          (block.transactions as Hash[]).map((txHash) =>
            this.rpc.request<RpcReceipt>("eth_getTransactionReceipt", [txHash]),
          ),
        );
      }
      if (!rpcReceipts)
        throw new L1SourceError("not-found", "eth_getBlockReceipts", `no receipts for ${blockHash}`);
      const receipts = rpcReceipts.map(receiptFromRpc);
      if (!this.#trustRpc) {
        const root = bytesToHex(orderedTrieRoot(receipts.map(encodeReceipt)));
        if (root !== header.header.receiptsRoot) {
          throw new L1SourceError(
            "permanent",
            "eth_getBlockReceipts",
            `block ${blockHash}: receipts do not match receiptsRoot`,
          );
        }
      }
      if (this.inWindow(header.ref.number))
        this.#receipts.set(
          key,
          receipts,
          receipts.reduce((n, r) => n + 300 + r.logs.length * 200, 0),
        );
      return receipts;
    });
  }
}
