// The L1 client against a real anvil (through a counting, fault-injecting proxy).
import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { bytesToHex, keccak256Hex } from "@supernode/protocol";
import { type Anvil, startAnvil } from "@supernode/test-helpers/anvil";
import { Registry } from "prom-client";
import { isNotFound, L1SourceError } from "./errors.ts";
import { HeadTracker } from "./headTracker.ts";
import { L1Client } from "./l1Client.ts";
import { createL1SourceMetrics } from "./metrics.ts";
import { RpcClient } from "./rpc/rpcClient.ts";
import { startTestProxy, type TestProxy } from "./testing/testProxy.ts";

let anvil: Anvil;
let proxy: TestProxy;
const noWait = { sleep: async () => {}, random: () => 0 };

const accounts = ["0xf39fd6e51aad88f6f4ce6ab8827279cfffb92266", "0x70997970c51812dc3a010c7d01b50e0d17dc79c8"];

async function sendTransactions(): Promise<void> {
  await anvil.rpc("evm_setAutomine", [false]);
  await anvil.rpc("eth_sendTransaction", [{ from: accounts[0], to: accounts[1], value: "0x1" }]);
  await anvil.rpc("eth_sendTransaction", [
    { from: accounts[1], to: accounts[0], value: "0x2", gasPrice: "0x77359400", type: "0x0" },
  ]);
  await anvil.rpc("eth_sendTransaction", [
    { from: accounts[0], to: accounts[1], value: "0x3", accessList: [], type: "0x1", gasPrice: "0x77359400" },
  ]);
  // A contract creation whose constructor emits a log (LOG0 of 32 bytes).
  await anvil.rpc("eth_sendTransaction", [{ from: accounts[1], data: "0x600160005260206000a0" }]);
  await anvil.rpc("evm_mine", []);
  await anvil.rpc("evm_setAutomine", [true]);
}

beforeAll(async () => {
  anvil = await startAnvil();
  proxy = startTestProxy(anvil.url);
  await sendTransactions();
});

afterAll(async () => {
  proxy.stop();
  await anvil.stop();
});

function client(options: { retries?: number; timeoutMs?: number } = {}) {
  const rpc = new RpcClient({
    url: proxy.url,
    timeoutMs: options.timeoutMs ?? 5000,
    retry: { retries: options.retries ?? 5, baseDelayMs: 1, maxDelayMs: 1 },
    environment: noWait,
  });
  return new L1Client(rpc);
}

describe("L1 client on anvil", () => {
  test("headers by number, hash and label, with the hash checked", async () => {
    const l1 = client();
    const latest = await l1.headerByLabel("latest");
    expect(latest.ref.number).toBe(1);
    const byNumber = await l1.headerByNumber(1);
    const byHash = await l1.headerByHash(byNumber.hash);
    expect(byHash.ref).toEqual(latest.ref);
    expect((await l1.headerByNumber(0)).hash).toBe(byNumber.ref.parentHash);
  });

  test("transactions and receipts match their roots; logs carry block-global indices", async () => {
    const l1 = client();
    const header = await l1.headerByNumber(1);
    const txs = await l1.transactions(header.hash);
    expect(txs).toHaveLength(4);
    expect(txs.map((tx) => ((tx[0] ?? 0) >= 0xc0 ? 0 : tx[0]))).toContain(0);
    const receipts = await l1.receipts(header.hash);
    expect(receipts.map((r) => r.transactionHash)).toEqual(txs.map((tx) => keccak256Hex(tx)));
    const logs = receipts.flatMap((r) => r.logs);
    expect(logs).toHaveLength(1);
    expect(bytesToHex(logs[0]!.data)).toBe(`0x${"00".repeat(31)}01`);
  });

  test("the same block hash is served from cache; concurrent callers share one request", async () => {
    const l1 = client();
    const header = await l1.headerByNumber(1);
    const before = proxy.requests;
    const results = await Promise.all(Array.from({ length: 8 }, () => l1.receipts(header.hash)));
    expect(new Set(results).size).toBe(1);
    expect(proxy.requests - before).toBe(1);
    await l1.receipts(header.hash);
    expect(proxy.requests - before).toBe(1);
    const numbers = await Promise.all(Array.from({ length: 8 }, () => l1.headerByNumber(0)));
    expect(new Set(numbers.map((n) => n.hash)).size).toBe(1);
    expect(l1.coalescedRequests).toBeGreaterThanOrEqual(14);
  });

  test("transient faults are retried; correct data afterwards", async () => {
    const l1 = client();
    proxy.faults = ["drop", "429", "500", "truncated", "bad-json"];
    const header = await l1.headerByNumber(1);
    expect(header.ref.number).toBe(1);
    expect(proxy.faults).toHaveLength(0);
  });

  test("a timeout is transient and retried", async () => {
    const l1 = client({ timeoutMs: 300 });
    proxy.faults = ["delay"];
    expect((await l1.headerByNumber(0)).ref.number).toBe(0);
  });

  test("errors keep not-found, transient and permanent apart", async () => {
    const l1 = client({ retries: 1 });
    const notFound = await l1.headerByNumber(1_000_000).catch((e: unknown) => e);
    expect(notFound).toBeInstanceOf(L1SourceError);
    expect((notFound as L1SourceError).kind).toBe("not-found");
    expect(isNotFound(notFound)).toBe(true);
    proxy.faults = ["500", "500"];
    const transient = await l1.headerByNumber(0).catch((e: unknown) => e);
    expect((transient as L1SourceError).kind).toBe("transient");
    const rpc = new RpcClient({
      url: proxy.url,
      retry: { retries: 3, baseDelayMs: 1, maxDelayMs: 1 },
      environment: noWait,
    });
    const permanent = await rpc.request("eth_noSuchMethod").catch((e: unknown) => e);
    expect((permanent as L1SourceError).kind).toBe("permanent");
  });

  test("after a reorg the head tracker sees, number lookups return the new block", async () => {
    const l1 = client();
    const tracker = new HeadTracker(l1);
    await tracker.poll();
    const before = await l1.headerByNumber(1);
    expect(await l1.headerByNumber(1)).toBe(before);
    await anvil.rpc("anvil_reorg", [1, []]);
    await tracker.poll();
    const after = await l1.headerByNumber(1);
    expect(after.hash).not.toBe(before.hash);
    expect(after.hash).toBe(tracker.latest?.hash ?? "0x");
  });

  test("a read by number in flight across a reorg neither fills the index nor is joined after it", async () => {
    await anvil.rpc("anvil_mine", ["0x2"]);
    const real = new RpcClient({ url: anvil.url });
    // Holds the first answer by number after the node gave it, until released.
    let read!: () => void;
    const answered = new Promise<void>((resolve) => {
      read = resolve;
    });
    let release!: () => void;
    const held = new Promise<void>((resolve) => {
      release = resolve;
    });
    let holding = true;
    const rpc = {
      async request<T>(method: string, params: unknown[]): Promise<T> {
        const hold = holding && method === "eth_getBlockByNumber";
        holding &&= !hold;
        const answer = await real.request<T>(method, params);
        if (hold) {
          read();
          await held;
        }
        return answer;
      },
    } as unknown as RpcClient;
    const l1 = new L1Client(rpc);
    const top = Number(
      (await anvil.rpc<{ number: string }>("eth_getBlockByNumber", ["latest", false])).number,
    );
    const stale = l1.headerByNumber(top);
    await answered;
    await anvil.rpc("anvil_reorg", [1, []]);
    l1.invalidateFrom(top);
    // The new block is read first; the held answer, the replaced block, lands after it.
    const current = await l1.headerByNumber(top);
    release();
    const old = await stale;
    expect(current.hash).not.toBe(old.hash);
    expect((await l1.headerByNumber(top)).hash).toBe(current.hash);
  });
});

describe("L1 source metrics", () => {
  test("requests by method and outcome, latency, cache hits and misses, coalescing, bytes", async () => {
    const registry = new Registry();
    const metrics = createL1SourceMetrics(registry);
    const l1 = new L1Client(
      new RpcClient({ url: proxy.url, metrics, retry: { retries: 0, baseDelayMs: 1, maxDelayMs: 1 } }),
      { metrics },
    );
    const header = await l1.headerByNumber(1);
    await Promise.all([l1.receipts(header.hash), l1.receipts(header.hash)]);
    await l1.receipts(header.hash);
    await l1.headerByNumber(9999).catch(() => undefined);
    const text = await registry.metrics();
    // The lookup of a missing block is a good request with a null result (the client calls it not-found).
    expect(text).toContain('supernode_l1_requests_total{method="eth_getBlockByNumber",outcome="ok"} 2');
    expect(text).toContain('supernode_l1_requests_total{method="eth_getBlockReceipts",outcome="ok"} 1');
    expect(text).toContain('supernode_l1_cache_hits_total{kind="receipts"} 1');
    expect(text).toContain("supernode_l1_coalesced_requests_total 1");
    expect(text).toMatch(/supernode_l1_request_duration_seconds_count\{method="eth_getBlockByNumber"\} 2/);
    expect(text).toMatch(/supernode_l1_received_bytes_total [1-9]/);
  });
});
