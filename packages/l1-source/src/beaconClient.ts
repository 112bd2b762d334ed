// The one beacon client every chain shares: genesis and slot timing, and blobs for a slot,
// matched to the versioned hashes derivation asks for (reference/derivation.md §1.2). The
// `/blobs` endpoint returns blobs in block order without commitments, so each blob's KZG
// commitment is computed to find its versioned hash; `/blob_sidecars` is the fallback. A response
// with fewer or more blobs than asked, or a blob that matches no requested hash, is an error,
// and the next URL (blob archivers) is tried. Blobs are cached by versioned hash, so N chains
// never recompute a commitment, and only the blobs asked for are fetched.
import { type BlobCommitment, type Hash, hexToBytes, kzgToVersionedHash } from "@supernode/protocol";
import { BoundedCache } from "./boundedCache.ts";
import { Coalescer } from "./coalescer.ts";
import { L1SourceError } from "./errors.ts";
import type { L1SourceMetrics } from "./metrics.ts";
import {
  defaultRetryPolicy,
  type RetryEnvironment,
  type RetryPolicy,
  realEnvironment,
  withRetries,
} from "./rpc/retry.ts";

export interface RequestedBlob {
  /** The blob's index among all blobs of the L1 block (for /blob_sidecars). */
  readonly index: number;
  readonly versionedHash: Hash;
}

export interface BeaconClientOptions {
  /** The beacon node, then fallbacks (e.g. blob archivers), tried in order. */
  readonly urls: readonly string[];
  /** Slot duration; read from /eth/v1/config/spec when not given (anvil has no spec endpoint). */
  readonly secondsPerSlot?: number;
  /** Computes a blob's KZG commitment (e.g. createKzgCommitment()); called once per blob. */
  readonly commit: BlobCommitment;
  readonly timeoutMs?: number;
  readonly retry?: RetryPolicy;
  readonly environment?: RetryEnvironment;
  readonly cacheBlobs?: number;
  readonly metrics?: L1SourceMetrics | null;
}

const BLOB_BYTES = 131_072;

export class BeaconClient {
  readonly #blobs: BoundedCache<Uint8Array>;
  readonly #coalesce = new Coalescer<unknown>();
  #genesisTime: Promise<number> | null = null;
  #secondsPerSlot: Promise<number> | null;
  readonly #retry: RetryPolicy;
  readonly #environment: RetryEnvironment;
  readonly #metrics: L1SourceMetrics | null;

  constructor(private readonly options: BeaconClientOptions) {
    if (options.urls.length === 0) throw new L1SourceError("permanent", "beacon", "no beacon URL configured");
    this.#blobs = new BoundedCache(options.cacheBlobs ?? 512, (options.cacheBlobs ?? 512) * BLOB_BYTES);
    this.#secondsPerSlot =
      options.secondsPerSlot === undefined ? null : Promise.resolve(options.secondsPerSlot);
    this.#retry = options.retry ?? defaultRetryPolicy;
    this.#environment = options.environment ?? realEnvironment;
    this.#metrics = options.metrics ?? null;
  }

  async #get<T>(url: string, what: string): Promise<T> {
    return withRetries(
      async () => {
        let response: Response;
        try {
          response = await fetch(url, { signal: AbortSignal.timeout(this.options.timeoutMs ?? 10_000) });
        } catch (error) {
          throw new L1SourceError(
            "transient",
            what,
            `request failed: ${error instanceof Error ? error.message : String(error)}`,
            { cause: error },
          );
        }
        const length = Number(response.headers.get("content-length") ?? 0);
        if (length > 0) this.#metrics?.receivedBytes.inc(length);
        if (response.status === 404)
          throw new L1SourceError("not-found", what, `${url}: not found`, { status: 404 });
        if (!response.ok) {
          const kind = response.status === 429 || response.status >= 500 ? "transient" : "permanent";
          throw new L1SourceError(kind, what, `${url}: HTTP ${response.status}`, { status: response.status });
        }
        try {
          return (await response.json()) as T;
        } catch (error) {
          throw new L1SourceError("transient", what, `${url}: malformed JSON`, { cause: error });
        }
      },
      this.#retry,
      this.#environment,
    );
  }

  genesisTime(): Promise<number> {
    this.#genesisTime ??= this.#get<{ data: { genesis_time: string } }>(
      `${this.options.urls[0]}/eth/v1/beacon/genesis`,
      "beacon genesis",
    ).then((body) => Number(body.data.genesis_time));
    return this.#genesisTime;
  }

  secondsPerSlot(): Promise<number> {
    this.#secondsPerSlot ??= this.#get<{ data: { SECONDS_PER_SLOT: string } }>(
      `${this.options.urls[0]}/eth/v1/config/spec`,
      "beacon spec",
    ).then((body) => Number(body.data.SECONDS_PER_SLOT));
    return this.#secondsPerSlot;
  }

  /** The slot of an L1 block by its timestamp. */
  async slotOf(l1Timestamp: number): Promise<number> {
    const [genesis, seconds] = await Promise.all([this.genesisTime(), this.secondsPerSlot()]);
    if (l1Timestamp < genesis)
      throw new L1SourceError(
        "permanent",
        "beacon slot",
        `time ${l1Timestamp} is before beacon genesis ${genesis}`,
      );
    return Math.floor((l1Timestamp - genesis) / seconds);
  }

  #versionedHash(blob: Uint8Array): Hash {
    const hash = kzgToVersionedHash(this.options.commit(blob));
    return hash;
  }

  /**
   * Matches blobs (block order, no commitments) to the requested hashes, exactly: the i-th blob
   * must be the i-th requested blob in block order (a reordered or unknown blob is an error).
   */
  #match(blobs: Uint8Array[], requested: readonly RequestedBlob[], source: string): Map<string, Uint8Array> {
    if (blobs.length !== requested.length) {
      throw new L1SourceError(
        "permanent",
        "beacon blobs",
        `${source}: ${blobs.length} blobs for ${requested.length} requested`,
      );
    }
    const inBlockOrder = [...requested].sort((a, b) => a.index - b.index);
    const found = new Map<string, Uint8Array>();
    blobs.forEach((blob, i) => {
      if (blob.length !== BLOB_BYTES)
        throw new L1SourceError("permanent", "beacon blobs", `${source}: a blob of ${blob.length} bytes`);
      const expected = (inBlockOrder[i] as RequestedBlob).versionedHash.toLowerCase();
      const matched = this.#versionedHash(blob) === expected;
      this.#metrics?.kzgChecks.inc({ result: matched ? "match" : "mismatch" });
      if (!matched) {
        throw new L1SourceError(
          "permanent",
          "beacon blobs",
          `${source}: blob ${i} is not ${expected} (corrupt, reordered or unknown)`,
        );
      }
      found.set(expected, blob);
    });
    return found;
  }

  async #fetchFrom(
    base: string,
    slot: number,
    requested: readonly RequestedBlob[],
  ): Promise<Map<string, Uint8Array>> {
    // A comma-separated list (repeated parameters are not understood by every server, anvil among them).
    const query = `versioned_hashes=${requested.map((r) => r.versionedHash).join(",")}`;
    try {
      const body = await this.#get<{ data: string[] }>(
        `${base}/eth/v1/beacon/blobs/${slot}?${query}`,
        "beacon blobs",
      );
      return this.#match(body.data.map(hexToBytes), requested, base);
    } catch (error) {
      // Nodes without /blobs: fall back to /blob_sidecars on the same node.
      if (
        !(error instanceof L1SourceError) ||
        (error.meta.status !== 404 && error.meta.status !== 400 && error.meta.status !== 410)
      )
        throw error;
    }
    const indices = requested.map((r) => r.index).join(",");
    const body = await this.#get<{ data: { index: string; blob: string }[] }>(
      `${base}/eth/v1/beacon/blob_sidecars/${slot}?indices=${indices}`,
      "beacon blob sidecars",
    );
    return this.#match(
      body.data.map((sidecar) => hexToBytes(sidecar.blob)),
      requested,
      base,
    );
  }

  /**
   * Blobs of `slot` named only by versioned hash (block order and indices unknown: the l1-proxy's
   * callers). Every blob returned must match a requested hash and every requested hash must be
   * found; the fallback to /blob_sidecars reads the slot's sidecars and keeps those asked for.
   * Returned in the order requested.
   */
  async blobsByVersionedHash(slot: number, versionedHashes: readonly Hash[]): Promise<Uint8Array[]> {
    const wanted = [...new Set(versionedHashes.map((hash) => hash.toLowerCase() as Hash))];
    await this.#load(slot, wanted, (base, missing) => this.#fetchSetFrom(base, slot, missing));
    return this.#fromCache(wanted);
  }

  async #fetchSetFrom(
    base: string,
    slot: number,
    missing: readonly Hash[],
  ): Promise<Map<string, Uint8Array>> {
    let blobs: Uint8Array[];
    let exact = true;
    try {
      const body = await this.#get<{ data: string[] }>(
        `${base}/eth/v1/beacon/blobs/${slot}?versioned_hashes=${missing.join(",")}`,
        "beacon blobs",
      );
      blobs = body.data.map(hexToBytes);
    } catch (error) {
      if (!(error instanceof L1SourceError) || ![400, 404, 410].includes(error.meta.status as number))
        throw error;
      const body = await this.#get<{ data: { blob: string }[] }>(
        `${base}/eth/v1/beacon/blob_sidecars/${slot}`,
        "beacon blob sidecars",
      );
      blobs = body.data.map((sidecar) => hexToBytes(sidecar.blob));
      exact = false;
    }
    const wanted = new Set(missing);
    const found = new Map<string, Uint8Array>();
    for (const blob of blobs) {
      if (blob.length !== BLOB_BYTES)
        throw new L1SourceError("permanent", "beacon blobs", `${base}: a blob of ${blob.length} bytes`);
      const hash = this.#versionedHash(blob);
      const matched = wanted.has(hash);
      if (exact) this.#metrics?.kzgChecks.inc({ result: matched ? "match" : "mismatch" });
      if (matched) found.set(hash, blob);
      else if (exact)
        throw new L1SourceError("permanent", "beacon blobs", `${base}: a blob matches no requested hash`);
    }
    const absent = missing.filter((hash) => !found.has(hash));
    if (absent.length > 0)
      throw new L1SourceError(
        "permanent",
        "beacon blobs",
        `${base}: slot ${slot} has no blob ${absent.join(", ")}`,
      );
    return found;
  }

  /**
   * The requested blobs of the L1 block at `slot`, in the order requested. Cached blobs are not
   * fetched again; the rest come from the first URL that answers correctly.
   */
  async blobs(slot: number, requested: readonly RequestedBlob[]): Promise<Uint8Array[]> {
    const byHash = new Map(requested.map((r) => [r.versionedHash.toLowerCase() as Hash, r]));
    await this.#load(slot, [...byHash.keys()], (base, missing) =>
      this.#fetchFrom(
        base,
        slot,
        missing.map((hash) => byHash.get(hash) as RequestedBlob),
      ),
    );
    return this.#fromCache(requested.map((r) => r.versionedHash.toLowerCase() as Hash));
  }

  /** Fetches the blobs not cached (coalesced, trying each URL in turn) into the cache. */
  async #load(
    slot: number,
    hashes: readonly Hash[],
    fetchFrom: (base: string, missing: readonly Hash[]) => Promise<Map<string, Uint8Array>>,
  ): Promise<void> {
    const missing = hashes.filter((hash) => {
      const miss = this.#blobs.get(hash) === undefined;
      (miss ? this.#metrics?.cacheMisses : this.#metrics?.cacheHits)?.inc({ kind: "blob" });
      return miss;
    });
    if (missing.length === 0) return;
    const before = this.#coalesce.coalesced;
    const fetched = this.#coalesce.run(`${slot}:${missing.join(",")}`, async () => {
      const errors: string[] = [];
      for (const base of this.options.urls) {
        try {
          const found = await fetchFrom(base, missing);
          for (const [hash, blob] of found) this.#blobs.set(hash, blob, BLOB_BYTES);
          this.#metrics?.blobsFetched.inc(found.size);
          return;
        } catch (error) {
          errors.push(error instanceof Error ? error.message : String(error));
        }
      }
      throw new L1SourceError(
        "transient",
        "beacon blobs",
        `no beacon URL served slot ${slot}: ${errors.join("; ")}`,
      );
    });
    if (this.#coalesce.coalesced > before) this.#metrics?.coalesced.inc();
    await fetched;
  }

  #fromCache(hashes: readonly Hash[]): Uint8Array[] {
    return hashes.map((hash) => {
      const blob = this.#blobs.get(hash);
      if (!blob) throw new L1SourceError("transient", "beacon blobs", `blob ${hash} was evicted before use`);
      return blob;
    });
  }
}
