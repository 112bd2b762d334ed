import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { type Anvil, startAnvil } from "@supernode/test-helpers/anvil";
import { type L1Proxy, startL1Proxy } from "./l1Proxy.ts";
import { RpcClient } from "./rpc/rpcClient.ts";
import { startTestProxy, type TestProxy } from "./testing/testProxy.ts";

let anvil: Anvil;
let upstream: TestProxy;
let proxy: L1Proxy;

beforeAll(async () => {
  anvil = await startAnvil();
  await anvil.rpc("anvil_mine", ["0x3"]);
  upstream = startTestProxy(anvil.url);
  proxy = startL1Proxy({ rpc: new RpcClient({ url: upstream.url }), beaconUrl: anvil.url });
});
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
});
