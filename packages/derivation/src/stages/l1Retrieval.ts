// L1 retrieval (specs "L1 Retrieval", ecotone/derivation.md; op-node data_source.go,
// calldata_source.go, blob_data_source.go): the data items of an L1 block's batcher
// transactions, in block order. A batcher transaction goes to the batch inbox and is signed by
// the batcher of the system config as of that block. Before Ecotone (by the L1 block's time) the
// calldata is the item; from Ecotone a blob transaction's calldata is ignored and each of its
// blobs is an item, fetched from the blob port by its index in the block's full blob list.
import {
  type Address,
  BlobError,
  decodeBlob,
  type ForkSchedule,
  type Hash,
  type Hex,
  hexToBytes,
  type L1BlockRef,
  type Logger,
  type SystemConfig,
} from "@supernode/protocol";
import { parseTransaction, recoverTransactionAddress } from "viem";
import { DerivationError } from "../errors.ts";

/** The L1 transactions of a block, as raw EIP-2718 bytes in block order. */
export interface L1TransactionSource {
  transactions(block: L1BlockRef): Promise<readonly Hex[]>;
}

export interface BlobRequest {
  /** Index of the blob in the block's full blob list (all blob transactions count). */
  readonly index: number;
  readonly versionedHash: Hash;
}

/**
 * The blob port: the blobs of `block` at the given indices, each checked against its versioned
 * hash (the beacon client does the KZG check), in request order.
 */
export interface BlobSource {
  blobs(block: L1BlockRef, requests: readonly BlobRequest[]): Promise<readonly Uint8Array[]>;
}

export interface L1RetrievalConfig {
  readonly forks: ForkSchedule;
  readonly batchInboxAddress: Address;
}

/** What traversal offers retrieval: the next origin once, and the system config as of it. */
export interface L1OriginProvider {
  nextL1Block(): L1BlockRef | null;
  readonly systemConfig: SystemConfig;
  /** Traversal's current L1 block: the origin of every stage above it. */
  readonly origin: L1BlockRef;
}

const STAGE = "l1-retrieval";

type Pending = { kind: "calldata"; data: Uint8Array } | { kind: "blob"; request: BlobRequest };

/** The data items of one L1 block, as op-node's data sources produce them. */
export async function batcherData(
  block: L1BlockRef,
  batcherAddr: Address,
  config: L1RetrievalConfig,
  l1: L1TransactionSource,
  blobs: BlobSource,
  logger?: Logger,
): Promise<Uint8Array[]> {
  const inbox = config.batchInboxAddress.toLowerCase();
  const batcher = batcherAddr.toLowerCase();
  const ecotone = config.forks.isEcotone(block.timestamp);
  let raw: readonly Hex[];
  try {
    raw = await l1.transactions(block);
  } catch (error) {
    throw new DerivationError(
      "temporary",
      STAGE,
      `transactions of L1 block ${block.number}: ${(error as Error).message}`,
      { cause: error },
    );
  }
  const pending: Pending[] = [];
  let blobIndex = 0;
  for (const serialized of raw) {
    let tx: ReturnType<typeof parseTransaction>;
    try {
      tx = parseTransaction(serialized);
    } catch {
      continue; // not a transaction type we read (and so not a batcher transaction)
    }
    const hashes = (tx.blobVersionedHashes ?? []) as Hash[];
    const firstBlob = blobIndex;
    blobIndex += hashes.length; // every blob of the block counts, batcher's or not
    if (tx.to?.toLowerCase() !== inbox) continue;
    let sender: string;
    try {
      sender = await recoverTransactionAddress({ serializedTransaction: serialized as never });
    } catch {
      continue; // a signature that does not recover: not the batcher's
    }
    if (sender.toLowerCase() !== batcher) continue;
    if (ecotone && tx.type === "eip4844") {
      for (const [i, versionedHash] of hashes.entries()) {
        pending.push({ kind: "blob", request: { index: firstBlob + i, versionedHash } });
      }
    } else {
      // Before Ecotone op-node's calldata source takes the calldata of any batcher transaction.
      pending.push({ kind: "calldata", data: hexToBytes(tx.data ?? "0x") });
    }
  }
  const requests = pending.flatMap((item) => (item.kind === "blob" ? [item.request] : []));
  let fetched: readonly Uint8Array[] = [];
  if (requests.length > 0) {
    try {
      fetched = await blobs.blobs(block, requests);
    } catch (error) {
      throw new DerivationError(
        "temporary",
        STAGE,
        `blobs of L1 block ${block.number}: ${(error as Error).message}`,
        { cause: error },
      );
    }
    if (fetched.length !== requests.length) {
      throw new DerivationError(
        "temporary",
        STAGE,
        `L1 block ${block.number}: ${fetched.length} blobs for ${requests.length} requested`,
      );
    }
  }
  const items: Uint8Array[] = [];
  let next = 0;
  for (const item of pending) {
    if (item.kind === "calldata") {
      items.push(item.data);
      continue;
    }
    const blob = fetched[next++] as Uint8Array;
    try {
      items.push(decodeBlob(blob));
    } catch (error) {
      if (!(error instanceof BlobError)) throw error;
      logger?.warn("skipping a blob that does not decode", {
        l1: block.number,
        blobIndex: item.request.index,
        reason: error.message,
      });
    }
  }
  return items;
}

/** The stage: the data items of each origin traversal hands out, one at a time. */
export class L1Retrieval {
  #items: Uint8Array[] = [];
  /** An origin whose data could not be fetched yet (a temporary failure): fetched again first. */
  #retry: L1BlockRef | null = null;

  constructor(
    private readonly traversal: L1OriginProvider,
    private readonly config: L1RetrievalConfig,
    private readonly l1: L1TransactionSource,
    private readonly blobs: BlobSource,
    private readonly logger?: Logger,
  ) {}

  /** The next data item, or null at the end of the current origin's data. */
  async next(): Promise<Uint8Array | null> {
    if (this.#items.length === 0) {
      const origin = this.#retry ?? this.traversal.nextL1Block();
      if (!origin) return null;
      try {
        this.#items = await batcherData(
          origin,
          this.traversal.systemConfig.batcherAddr,
          this.config,
          this.l1,
          this.blobs,
          this.logger,
        );
        this.#retry = null;
      } catch (error) {
        this.#retry = origin;
        throw error;
      }
    }
    return this.#items.shift() ?? null;
  }

  /**
   * The L1 origin of the stages above: traversal's block (op-node's Origin() chain), which is also
   * the block of every item handed out, since traversal advances only once they are all read.
   */
  get origin(): L1BlockRef {
    return this.traversal.origin;
  }

  reset(): void {
    this.#items = [];
    this.#retry = null;
  }
}
