// The beacon client against anvil's beacon endpoint (one slot per block: the id is the block
// number), with a corrupting test server in front to prove the fallback.
import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { decodeBlob, type Hash } from "@supernode/protocol";
import { type Anvil, startAnvil } from "@supernode/test-helpers/anvil";
import { Registry } from "prom-client";
import { BeaconClient } from "./beaconClient.ts";
import { L1SourceError } from "./errors.ts";
import { createKzgCommitment } from "./kzg.ts";
import { L1Client } from "./l1Client.ts";
import { createL1SourceMetrics } from "./metrics.ts";
import { RpcClient } from "./rpc/rpcClient.ts";
import { sendBlobTransaction } from "./testing/blobTransaction.ts";

let anvil: Anvil;
let blockNumber = 0;
let hashes: Hash[] = [];
const payloads = [new Uint8Array(1000).fill(7), new Uint8Array(3000).fill(9)];
const commit = createKzgCommitment();
const noWait = { sleep: async () => {}, random: () => 0 };

beforeAll(async () => {
  anvil = await startAnvil();
  // One slot per block: block n's timestamp is the beacon genesis time + n.
  await anvil.rpc("anvil_setBlockTimestampInterval", [1]);
  ({ blockNumber, hashes } = await sendBlobTransaction(anvil, payloads));
}, 60_000);

afterAll(async () => {
  await anvil.stop();
});

/** A beacon stand-in that serves anvil's blobs, tampered. */
function tamperingServer(tamper: (blobs: string[]) => string[]) {
  return Bun.serve({
    hostname: "127.0.0.1",
    port: 0,
    async fetch(request) {
      const url = new URL(request.url);
      const upstream = await fetch(`${anvil.url}${url.pathname}${url.search}`);
      const body = (await upstream.json()) as { data: string[] };
      return Response.json({ ...body, data: tamper(body.data) });
    },
  });
}

describe("beacon client", () => {
  test("fetches a block's blobs through anvil's beacon endpoint and matches them to their hashes", async () => {
    const beacon = new BeaconClient({
      urls: [anvil.url],
      secondsPerSlot: 1,
      commit,
      retry: { retries: 0, baseDelayMs: 1, maxDelayMs: 1 },
    });
    expect(hashes).toHaveLength(2);
    const requested = hashes.map((versionedHash, index) => ({ index, versionedHash }));
    const block = await anvil.rpc<{ timestamp: string }>("eth_getBlockByNumber", [
      `0x${blockNumber.toString(16)}`,
      false,
    ]);
    const slot = await beacon.slotOf(Number(block.timestamp));
    expect(slot).toBe(blockNumber);
    // Asked in the reverse order, returned in the order asked.
    const blobs = await beacon.blobs(slot, [...requested].reverse());
    expect(blobs).toHaveLength(2);
    // viem's toBlobs is not the OP encoding: check the raw payload bytes instead.
    expect(blobs[1]?.subarray(1, 32).every((b) => b === 7)).toBe(true);
    expect(() => decodeBlob(blobs[0] as Uint8Array)).toThrow();
  }, 60_000);

  test("a corrupted, extra or reordered blob is rejected and the fallback URL is used", async () => {
    const corrupt = tamperingServer((blobs) =>
      blobs.map((blob, i) => (i === 0 ? `${blob.slice(0, 100)}ff${blob.slice(102)}` : blob)),
    );
    const extra = tamperingServer((blobs) => [...blobs, blobs[0] as string]);
    const reordered = tamperingServer((blobs) => [...blobs].reverse());
    try {
      for (const server of [corrupt, extra, reordered]) {
        const primary = `http://127.0.0.1:${server.port}`;
        const alone = new BeaconClient({
          urls: [primary],
          secondsPerSlot: 1,
          commit,
          retry: { retries: 0, baseDelayMs: 1, maxDelayMs: 1 },
          environment: noWait,
        });
        const requested = hashes.map((versionedHash, index) => ({ index, versionedHash }));
        const error = await alone.blobs(blockNumber, requested).catch((e: unknown) => e);
        expect(error).toBeInstanceOf(L1SourceError);
        const withFallback = new BeaconClient({
          urls: [primary, anvil.url],
          secondsPerSlot: 1,
          commit,
          retry: { retries: 0, baseDelayMs: 1, maxDelayMs: 1 },
        });
        expect(await withFallback.blobs(blockNumber, requested)).toHaveLength(2);
      }
    } finally {
      corrupt.stop(true);
      extra.stop(true);
      reordered.stop(true);
    }
  }, 60_000);

  test("the block's transactions, blob tx included, match transactionsRoot (anvil commits to the network form)", async () => {
    const l1 = new L1Client(new RpcClient({ url: anvil.url }));
    const header = await l1.headerByNumber(blockNumber);
    const txs = await l1.transactions(header.hash);
    expect(txs.map((tx) => tx[0])).toContain(3);
  });

  test("cached blobs are not fetched again, and counted; slots come from genesis and slot time", async () => {
    let requests = 0;
    const counting = Bun.serve({
      hostname: "127.0.0.1",
      port: 0,
      async fetch(request) {
        requests++;
        const url = new URL(request.url);
        return fetch(`${anvil.url}${url.pathname}${url.search}`);
      },
    });
    try {
      const registry = new Registry();
      const beacon = new BeaconClient({
        urls: [`http://127.0.0.1:${counting.port}`],
        secondsPerSlot: 12,
        commit,
        metrics: createL1SourceMetrics(registry),
      });
      const requested = hashes.map((versionedHash, index) => ({ index, versionedHash }));
      await Promise.all([beacon.blobs(blockNumber, requested), beacon.blobs(blockNumber, requested)]);
      await beacon.blobs(blockNumber, requested.slice(1));
      expect(requests).toBe(1);
      // Two callers miss both blobs (the second joins the first's request); then one hit.
      const text = await registry.metrics();
      expect(text).toContain('supernode_l1_cache_misses_total{kind="blob"} 4');
      expect(text).toContain('supernode_l1_cache_hits_total{kind="blob"} 1');
      expect(text).toContain("supernode_l1_coalesced_requests_total 1");
      expect(text).toContain("supernode_l1_blobs_fetched_total 2");
      const genesis = await beacon.genesisTime();
      expect(await beacon.slotOf(genesis + 25)).toBe(2);
    } finally {
      counting.stop(true);
    }
  }, 60_000);

  test("blobs named only by versioned hash: matched as a set, with the /blob_sidecars fallback", async () => {
    // A node without /blobs: its sidecars are anvil's blobs in block order.
    const sidecarsOnly = Bun.serve({
      hostname: "127.0.0.1",
      port: 0,
      async fetch(request) {
        const url = new URL(request.url);
        if (url.pathname.startsWith("/eth/v1/beacon/blobs/")) return new Response("", { status: 404 });
        const slot = url.pathname.split("/").at(-1);
        const body = (await (await fetch(`${anvil.url}/eth/v1/beacon/blobs/${slot}`)).json()) as {
          data: string[];
        };
        return Response.json({ data: body.data.map((blob, index) => ({ index: String(index), blob })) });
      },
    });
    try {
      for (const url of [anvil.url, `http://127.0.0.1:${sidecarsOnly.port}`]) {
        const beacon = new BeaconClient({
          urls: [url],
          commit,
          retry: { retries: 0, baseDelayMs: 1, maxDelayMs: 1 },
        });
        const reversed = [...hashes].reverse();
        const blobs = await beacon.blobsByVersionedHash(blockNumber, reversed);
        expect(blobs[1]?.subarray(1, 32).every((b) => b === 7)).toBe(true);
        const unknown = `0x01${"cd".repeat(31)}` as Hash;
        const error = await beacon.blobsByVersionedHash(blockNumber, [unknown]).catch((e: unknown) => e);
        expect(error).toBeInstanceOf(L1SourceError);
        expect(String(error)).toContain(unknown);
      }
    } finally {
      sidecarsOnly.stop(true);
    }
  }, 60_000);
});
