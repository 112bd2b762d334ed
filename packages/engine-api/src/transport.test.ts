// The transport's error paths against a small local stub server (only these paths use a stub;
// the client is verified against the devnet engine in tests/engine-api): every failure arrives as
// an EngineApiError with the kind the driver needs, and tokens are reused for at most 5 s.
import { afterAll, describe, expect, test } from "bun:test";
import { ForkSchedule, type Hash, verifyJwt } from "@supernode/protocol";
import { Registry } from "prom-client";
import { EngineClient, expectValid } from "./engineClient.ts";
import { EngineApiError } from "./errors.ts";
import { createEngineApiMetrics } from "./metrics.ts";
import { createEngineTransport } from "./transport.ts";

const secret = new Uint8Array(32).fill(7);
const tokens: string[] = [];
let answer: (body: { method: string }) => Response | Promise<Response> = () => Response.json({});

const stub = Bun.serve({
  hostname: "127.0.0.1",
  port: 0,
  async fetch(request) {
    tokens.push((request.headers.get("authorization") ?? "").slice(7));
    return answer((await request.json()) as { method: string });
  },
});
afterAll(() => stub.stop(true));

const url = `http://127.0.0.1:${stub.port}`;
const rpcError =
  (code: number, message = "boom") =>
  () =>
    Response.json({ jsonrpc: "2.0", id: 1, error: { code, message } });

async function failure(promise: Promise<unknown>): Promise<EngineApiError> {
  const error = await promise.then(
    () => null,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(EngineApiError);
  return error as EngineApiError;
}

describe("engine transport errors", () => {
  const call = createEngineTransport({ url, jwtSecret: secret, timeoutMs: 300 });

  test("401: an auth error (critical), naming the JWT secret", async () => {
    answer = () => new Response("signature invalid", { status: 401 });
    const error = await failure(call("eth_chainId", []));
    expect([error.kind, error.reason, error.meta.status]).toEqual(["critical", "auth", 401]);
    expect(error.message).toContain("JWT secret");
  });

  test.each([
    [-38001, "temporary", "unknown-payload"],
    [-38002, "reset", "invalid-forkchoice-state"],
    [-38003, "critical", "invalid-payload-attributes"],
    [-38004, "critical", "too-large-request"],
    [-38005, "critical", "unsupported-fork"],
    [-32000, "temporary", "server-error"],
    [-32601, "critical", "method-not-found"],
  ] as const)("JSON-RPC error %d: %s (%s)", async (code, kind, reason) => {
    answer = rpcError(code);
    const error = await failure(call("engine_forkchoiceUpdatedV3", []));
    expect([error.kind, error.reason, error.meta.rpcCode]).toEqual([kind, reason, code]);
  });

  test("no answer in time: temporary timeout; nobody listening: temporary network; garbage: bad-response", async () => {
    answer = async () => {
      await Bun.sleep(1_000);
      return Response.json({ jsonrpc: "2.0", id: 1, result: null });
    };
    expect((await failure(call("engine_getPayloadV4", ["0x01"]))).reason).toBe("timeout");
    const closed = createEngineTransport({ url: "http://127.0.0.1:1", jwtSecret: secret });
    const refused = await failure(closed("eth_chainId", []));
    expect([refused.kind, refused.reason]).toEqual(["temporary", "network"]);
    answer = () => new Response("<html>", { status: 200 });
    expect((await failure(call("eth_chainId", []))).reason).toBe("bad-response");
    answer = () => new Response("busy", { status: 503 });
    expect((await failure(call("eth_chainId", []))).meta).toMatchObject({
      kind: "temporary",
      reason: "http",
      status: 503,
    });
  });

  test("a SYNCING answer to newPayload is temporary; INVALID is a reset", async () => {
    const forks = new ForkSchedule({ blockTime: 2, hardforks: { isthmusTime: 0 } });
    const client = new EngineClient(call, forks);
    const payload = {
      parentHash: `0x${"01".repeat(32)}`,
      feeRecipient: `0x${"00".repeat(20)}`,
      stateRoot: `0x${"02".repeat(32)}`,
      receiptsRoot: `0x${"03".repeat(32)}`,
      logsBloom: `0x${"00".repeat(256)}`,
      prevRandao: `0x${"04".repeat(32)}`,
      blockNumber: 1n,
      gasLimit: 30_000_000n,
      gasUsed: 0n,
      timestamp: 2n,
      extraData: "0x",
      baseFeePerGas: 1n,
      blockHash: `0x${"05".repeat(32)}`,
      transactions: [],
      withdrawals: [],
      blobGasUsed: 0n,
      excessBlobGas: 0n,
      withdrawalsRoot: `0x${"06".repeat(32)}`,
    } as const;
    let seen: unknown;
    answer = (body) => {
      seen = body;
      return Response.json({
        jsonrpc: "2.0",
        id: 1,
        result: { status: "SYNCING", latestValidHash: null, validationError: null },
      });
    };
    const beaconRoot: Hash = `0x${"07".repeat(32)}`;
    const status = await client.newPayload(payload, beaconRoot);
    expect(seen).toMatchObject({
      method: "engine_newPayloadV4",
      params: [{ blockHash: payload.blockHash }, [], beaconRoot, []],
    });
    const syncing = await failure(Promise.resolve().then(() => expectValid("engine_newPayloadV4", status)));
    expect([syncing.kind, syncing.reason]).toEqual(["temporary", "syncing"]);
    const invalid = await failure(
      Promise.resolve().then(() =>
        expectValid("engine_newPayloadV4", {
          status: "INVALID",
          latestValidHash: null,
          validationError: "bad",
        }),
      ),
    );
    expect([invalid.kind, invalid.reason]).toEqual(["reset", "invalid-payload"]);
  });
});

describe("engine transport tokens", () => {
  test("one token for at most 5 s, then a fresh one; every token verifies", async () => {
    answer = () => Response.json({ jsonrpc: "2.0", id: 1, result: "0x1" });
    let clock = 1_700_000_000;
    const call = createEngineTransport({ url, jwtSecret: secret, now: () => clock });
    tokens.length = 0;
    await call("eth_chainId", []);
    clock += 4.9;
    await call("eth_chainId", []);
    clock += 0.2;
    await call("eth_chainId", []);
    expect(tokens[0]).toBe(tokens[1] as string);
    expect(tokens[2]).not.toBe(tokens[1] as string);
    for (const token of tokens) expect(() => verifyJwt(token, secret, clock)).not.toThrow();
  });
});

describe("engine transport metrics", () => {
  test("calls by chain, method and outcome, and their latency", async () => {
    const registry = new Registry();
    const metrics = createEngineApiMetrics(registry);
    const call = createEngineTransport({ url, jwtSecret: secret, metrics, chainId: 901, timeoutMs: 300 });
    answer = () => Response.json({ jsonrpc: "2.0", id: 1, result: "0x385" });
    await call("eth_chainId", []);
    await call("eth_chainId", []);
    answer = rpcError(-38002);
    await call("engine_forkchoiceUpdatedV3", []).catch(() => undefined);
    const text = await registry.metrics();
    expect(text).toContain(
      'supernode_engine_calls_total{chain_id="901",method="eth_chainId",outcome="ok"} 2',
    );
    expect(text).toContain(
      'supernode_engine_calls_total{chain_id="901",method="engine_forkchoiceUpdatedV3",outcome="invalid-forkchoice-state"} 1',
    );
    expect(text).toContain(
      'supernode_engine_call_duration_seconds_count{chain_id="901",method="eth_chainId"} 2',
    );
  });
});
