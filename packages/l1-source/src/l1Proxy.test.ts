import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import type { Hash } from "@supernode/protocol";
import { type Anvil, startAnvil } from "@supernode/test-helpers/anvil";
import { type L1Proxy, startL1Proxy } from "./l1Proxy.ts";
import { RpcClient } from "./rpc/rpcClient.ts";
import { sendBlobTransaction } from "./testing/blobTransaction.ts";
import { startTestProxy, type TestProxy } from "./testing/testProxy.ts";

let anvil: Anvil;
let upstream: TestProxy;
let proxy: L1Proxy;

let blob: { blockNumber: number; hashes: Hash[] };

beforeAll(async () => {
  anvil = await startAnvil();
  await anvil.rpc("anvil_setBlockTimestampInterval", [1]);
  await anvil.rpc("anvil_mine", ["0x3"]);
  blob = await sendBlobTransaction(anvil, [new Uint8Array(500).fill(1), new Uint8Array(900).fill(2)]);
  upstream = startTestProxy(anvil.url);
  proxy = startL1Proxy({ rpc: new RpcClient({ url: upstream.url }), beaconUrl: upstream.url });
}, 60_000);
afterAll(async () => {
  await proxy.stop();
  upstream.stop();
  await anvil.stop();
});

async function rpc(body: unknown): Promise<unknown> {
  const response = await fetch(proxy.url, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify(body),
  });
  expect(response.status).toBe(200);
  return response.json();
}

describe("l1-proxy", () => {
  test("a second client is served from cache: the upstream request count does not change", async () => {
    const block = (await rpc({
      jsonrpc: "2.0",
      id: 1,
      method: "eth_getBlockByNumber",
      params: ["0x2", false],
    })) as { result: { hash: string } };
    const hash = block.result.hash;
    const calls = [
      { jsonrpc: "2.0", id: 2, method: "eth_getBlockByHash", params: [hash, false] },
      { jsonrpc: "2.0", id: 3, method: "eth_getBlockReceipts", params: [hash] },
      { jsonrpc: "2.0", id: 4, method: "eth_chainId", params: [] },
    ];
    const first = await rpc(calls);
    const before = upstream.requests;
    const second = await rpc(calls);
    expect(second).toEqual(first);
    expect(upstream.requests).toBe(before);
    expect(proxy.stats.hits).toBeGreaterThanOrEqual(3);
  });

  test("labels pass through; bad requests get a JSON-RPC error with HTTP 200", async () => {
    const before = upstream.requests;
    await rpc({ jsonrpc: "2.0", id: 5, method: "eth_blockNumber", params: [] });
    await rpc({ jsonrpc: "2.0", id: 6, method: "eth_blockNumber", params: [] });
    expect(upstream.requests).toBe(before + 2);
    const bad = (await rpc({ jsonrpc: "2.0", id: 7 })) as { error: { code: number } };
    expect(bad.error.code).toBe(-32600);
    const parse = await fetch(proxy.url, { method: "POST", body: "{nope" });
    expect(parse.status).toBe(200);
    expect(((await parse.json()) as { error: { code: number } }).error.code).toBe(-32700);
    const unknown = (await rpc({ jsonrpc: "2.0", id: 8, method: "eth_noSuchMethod", params: [] })) as {
      error: { message: string };
    };
    expect(unknown.error.message).toContain("eth_noSuchMethod");
  });

  test("beacon genesis and blobs are served and cached", async () => {
    const first = await fetch(`${proxy.url}/eth/v1/beacon/genesis`);
    expect(first.status).toBe(200);
    const hits = proxy.stats.hits;
    const second = await fetch(`${proxy.url}/eth/v1/beacon/genesis`);
    expect(await second.json()).toEqual(await first.json());
    expect(proxy.stats.hits).toBe(hits + 1);
  });

  test("blobs by versioned hash: KZG-checked, coalesced, cached by hash, retried through upstream faults", async () => {
    const path = `${proxy.url}/eth/v1/beacon/blobs/${blob.blockNumber}?versioned_hashes=${blob.hashes.join(",")}`;
    const direct = (await (
      await fetch(
        `${anvil.url}/eth/v1/beacon/blobs/${blob.blockNumber}?versioned_hashes=${blob.hashes.join(",")}`,
      )
    ).json()) as { data: string[] };
    // A 500 and a 429 first: the shared beacon client retries them.
    upstream.faults.push("500", "429");
    const before = upstream.calls.get(`/eth/v1/beacon/blobs/${blob.blockNumber}`) ?? 0;
    const answers = await Promise.all(
      Array.from({ length: 4 }, async () => (await (await fetch(path)).json()) as { data: string[] }),
    );
    for (const answer of answers) expect(answer.data).toEqual(direct.data);
    expect((upstream.calls.get(`/eth/v1/beacon/blobs/${blob.blockNumber}`) ?? 0) - before).toBe(1);
    // Cached by versioned hash: a second client, asking for one of them, costs nothing upstream.
    const requests = upstream.requests;
    const one = await fetch(
      `${proxy.url}/eth/v1/beacon/blobs/${blob.blockNumber}?versioned_hashes=${blob.hashes[1]}`,
    );
    expect(((await one.json()) as { data: string[] }).data).toEqual([direct.data[1] as string]);
    expect(upstream.requests).toBe(requests);
    // A hash the slot does not have is a clear error, not a crash.
    const missing = await fetch(
      `${proxy.url}/eth/v1/beacon/blobs/${blob.blockNumber}?versioned_hashes=0x01${"ab".repeat(31)}`,
    );
    expect(missing.status).toBeGreaterThanOrEqual(400);
    expect(((await missing.json()) as { message: string }).message).toContain("0x01abab");
    const bad = await fetch(`${proxy.url}/eth/v1/beacon/blobs/1?versioned_hashes=nope`);
    expect(bad.status).toBe(400);
  }, 60_000);
});
