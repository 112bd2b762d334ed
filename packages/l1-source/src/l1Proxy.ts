// Service mode: a caching L1 proxy, so several supernodes on one host share one upstream. It
// serves JSON-RPC (single and batch) and the beacon endpoints. JSON-RPC answers that cannot change
// (by block or transaction hash) are cached and go upstream through the shared RpcClient (retries,
// batching, limits); identical requests in flight are coalesced. Blobs asked for by versioned hash
// are served by the shared BeaconClient: KZG-checked, cached by versioned hash (never by slot,
// which a reorg can refill), coalesced, with fallback URLs. Other beacon reads pass through.
import { bytesToHex, type Hash } from "@supernode/protocol";
import { BeaconClient } from "./beaconClient.ts";
import { BoundedCache } from "./boundedCache.ts";
import { Coalescer } from "./coalescer.ts";
import { L1SourceError } from "./errors.ts";
import type { RpcClient } from "./rpc/rpcClient.ts";

export interface L1ProxyOptions {
  readonly rpc: RpcClient;
  /** Beacon node base URL (optional); used for pass-through reads. */
  readonly beaconUrl?: string;
  /** Serves blobs by versioned hash (default: a BeaconClient on `beaconUrl`). */
  readonly beacon?: BeaconClient;
  readonly hostname?: string;
  readonly port?: number;
  readonly cacheEntries?: number;
  readonly cacheBytes?: number;
}

export interface L1Proxy {
  readonly url: string;
  readonly stats: { hits: number; misses: number; passedThrough: number };
  stop(): Promise<void>;
}

interface JsonRpcCall {
  jsonrpc?: string;
  id?: unknown;
  method?: unknown;
  params?: unknown;
}

const hashPattern = /^0x[0-9a-fA-F]{64}$/;

/** Methods whose answer never changes once it exists (the block or transaction is named by hash). */
function immutable(method: string, params: unknown[]): boolean {
  const first = params[0];
  if (typeof first !== "string" || !hashPattern.test(first)) return method === "eth_chainId";
  return [
    "eth_getBlockByHash",
    "eth_getBlockReceipts",
    "eth_getTransactionReceipt",
    "eth_getTransactionByHash",
  ].includes(method);
}

export function startL1Proxy(options: L1ProxyOptions): L1Proxy {
  const cache = new BoundedCache<string>(
    options.cacheEntries ?? 20_000,
    options.cacheBytes ?? 256 * 1024 * 1024,
  );
  const coalesce = new Coalescer<string>();
  const stats = { hits: 0, misses: 0, passedThrough: 0 };

  async function call(message: JsonRpcCall): Promise<unknown> {
    const id = message.id ?? null;
    if (typeof message.method !== "string") {
      return { jsonrpc: "2.0", id, error: { code: -32600, message: "invalid request: no method" } };
    }
    const method = message.method;
    const params = Array.isArray(message.params) ? message.params : [];
    const key = `${method}:${JSON.stringify(params)}`;
    const cacheable = immutable(method, params);
    try {
      let text = cacheable ? cache.get(key) : undefined;
      if (text !== undefined) stats.hits++;
      else {
        if (cacheable) stats.misses++;
        else stats.passedThrough++;
        text = await coalesce.run(key, async () => JSON.stringify(await options.rpc.request(method, params)));
        // A null answer (not there yet) may change: never cache it.
        if (cacheable && text !== "null") cache.set(key, text, text.length);
      }
      return { jsonrpc: "2.0", id, result: JSON.parse(text) };
    } catch (error) {
      const message = error instanceof Error ? error.message : String(error);
      const code = error instanceof L1SourceError && error.kind === "permanent" ? -32602 : -32000;
      return { jsonrpc: "2.0", id, error: { code, message } };
    }
  }

  let beaconClient = options.beacon ?? null;
  const blobClient = async (): Promise<BeaconClient> => {
    if (!beaconClient) {
      const { createKzgCommitment } = await import("./kzg.ts");
      beaconClient = new BeaconClient({ urls: [options.beaconUrl as string], commit: createKzgCommitment() });
    }
    return beaconClient;
  };

  async function blobsByHash(slot: number, hashes: Hash[]): Promise<Response> {
    stats.misses++;
    try {
      const blobs = await (await blobClient()).blobsByVersionedHash(slot, hashes);
      return Response.json({ data: blobs.map(bytesToHex) });
    } catch (error) {
      const kind = error instanceof L1SourceError ? error.kind : "transient";
      const status = kind === "not-found" ? 404 : kind === "permanent" ? 400 : 503;
      return Response.json(
        { code: status, message: error instanceof Error ? error.message : String(error) },
        { status },
      );
    }
  }

  async function beacon(url: URL): Promise<Response> {
    if (!options.beaconUrl)
      return Response.json({ code: 404, message: "no beacon node configured" }, { status: 404 });
    const blobsPath = /^\/eth\/v1\/beacon\/blobs\/(\d+)$/.exec(url.pathname);
    const hashes = url.searchParams
      .getAll("versioned_hashes")
      .flatMap((value) => value.split(","))
      .filter((hash) => hash !== "");
    if (blobsPath && hashes.length > 0) {
      if (!hashes.every((hash) => hashPattern.test(hash)))
        return Response.json({ code: 400, message: "invalid versioned hash" }, { status: 400 });
      return blobsByHash(Number(blobsPath[1]), hashes as Hash[]);
    }
    const key = `${url.pathname}${url.search}`;
    // The genesis never changes; anything by slot may (a reorg refills it): pass through.
    const cacheable = url.pathname === "/eth/v1/beacon/genesis";
    const cached = cacheable ? cache.get(key) : undefined;
    if (cached !== undefined) {
      stats.hits++;
      return new Response(cached, { headers: { "content-type": "application/json" } });
    }
    let upstream: Response;
    try {
      upstream = await fetch(`${options.beaconUrl}${key}`, { signal: AbortSignal.timeout(30_000) });
    } catch (error) {
      const message = `beacon node unreachable: ${error instanceof Error ? error.message : String(error)}`;
      return Response.json({ code: 503, message }, { status: 503 });
    }
    const text = await upstream.text();
    if (cacheable && upstream.ok) cache.set(key, text, text.length);
    if (cacheable) stats.misses++;
    else stats.passedThrough++;
    return new Response(text, { status: upstream.status, headers: { "content-type": "application/json" } });
  }

  const server = Bun.serve({
    hostname: options.hostname ?? "127.0.0.1",
    port: options.port ?? 0,
    async fetch(request) {
      const url = new URL(request.url);
      if (request.method === "GET" && url.pathname.startsWith("/eth/")) return beacon(url);
      if (request.method !== "POST") return new Response("not found", { status: 404 });
      let body: unknown;
      try {
        body = await request.json();
      } catch {
        return Response.json({ jsonrpc: "2.0", id: null, error: { code: -32700, message: "parse error" } });
      }
      if (Array.isArray(body))
        return Response.json(await Promise.all(body.map((m) => call(m as JsonRpcCall))));
      return Response.json(await call(body as JsonRpcCall));
    },
  });
  return {
    url: `http://${server.hostname}:${server.port}`,
    stats,
    stop: async () => {
      await server.stop(true);
    },
  };
}
