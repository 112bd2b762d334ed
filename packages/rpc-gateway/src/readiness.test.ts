// The readiness gate: a request to a chain that is not ready is held up to holdMs, served as soon
// as the chain becomes ready, else answered with HTTP 503. The deadlines are asserted with generous
// bounds only (STYLE.md: hold-then-503 is an operator-facing deadline). Runs under Bun and Deno.
import assert from "node:assert/strict";
import { describe, test } from "@supernode/test-helpers/harness";
import { CHAIN_NOT_READY } from "./errors.ts";
import { createGateway, type RouteState } from "./gateway.ts";
import { base, errorOf, post, rpc, send } from "./testing/rpcRequests.ts";

const status = { safe_l2: { number: 12 } };
/** Long enough that a test passing early proves the hold ended on readiness, not on the timer. */
const longHold = 60_000;

function tick(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

describe("readiness gate", () => {
  test("a restarting chain holds the request for holdMs, then answers 503 with a JSON-RPC error", async () => {
    let calls = 0;
    const gateway = createGateway({ holdMs: 200 });
    gateway.registerChain("901", { optimism_syncStatus: () => ++calls }, "restarting");
    const started = performance.now();
    const answer = await send(gateway, post("/901", rpc("optimism_syncStatus", [], 42)));
    const waited = performance.now() - started;
    assert.equal(answer.status, 503);
    assert.equal(answer.headers.get("content-type"), "application/json");
    assert.equal(answer.headers.get("retry-after"), "1");
    assert.deepEqual(answer.json, {
      jsonrpc: "2.0",
      id: 42,
      error: {
        code: CHAIN_NOT_READY,
        message: "chain 901 is not ready (restarting)",
        data: { chainId: "901", state: "restarting" },
      },
    });
    assert.ok(waited >= 150, `held ${waited} ms, expected about 200`);
    assert.ok(waited < 5_000, `held ${waited} ms, expected about 200`);
    assert.equal(calls, 0);
  });

  test("a held request is served as soon as the chain becomes ready within holdMs", async () => {
    const gateway = createGateway({ holdMs: longHold });
    gateway.registerChain("901", { optimism_syncStatus: () => status }, "restarting");
    const pending = send(gateway, post("/901/", rpc("optimism_syncStatus")));
    await tick(20);
    gateway.setChainState("901", "ready");
    const answer = await pending;
    assert.equal(answer.status, 200);
    assert.deepEqual(answer.json, { jsonrpc: "2.0", id: 1, result: status });
  });

  test("registering the chain again (ready by default) releases held requests to the new methods", async () => {
    const gateway = createGateway({ holdMs: longHold });
    gateway.registerChain("901", { optimism_version: () => "old" }, "starting");
    const held = [1, 2, 3].map((id) => send(gateway, post("/901", rpc("optimism_version", [], id))));
    await tick(20);
    gateway.registerChain("901", { optimism_version: () => "new" });
    for (const [index, answer] of (await Promise.all(held)).entries()) {
      assert.equal(answer.status, 200);
      assert.deepEqual(answer.json, { jsonrpc: "2.0", id: index + 1, result: "new" });
    }
  });

  test("every state but ready is gated; other chains and the root are not", async () => {
    const gateway = createGateway({ holdMs: 0 });
    gateway.registerRoot({ heartbeat_check: () => "ok" });
    gateway.registerChain("902", { optimism_version: () => "v" });
    gateway.registerChain("901", { optimism_version: () => "v" });
    for (const state of ["starting", "restarting", "paused", "stopped"] satisfies RouteState[]) {
      gateway.setChainState("901", state);
      const answer = await send(gateway, post("/901", rpc("optimism_version")));
      assert.equal(answer.status, 503, state);
      assert.equal((errorOf(answer.json).data as { state: string }).state, state);
      assert.equal((await send(gateway, post("/902", rpc("optimism_version")))).status, 200);
      assert.equal((await send(gateway, post("/", rpc("heartbeat_check")))).status, 200);
    }
    gateway.setChainState("901", "ready");
    assert.equal((await send(gateway, post("/901", rpc("optimism_version")))).status, 200);
  });

  test("a state change that is not ready keeps the request held; a batch gets one error", async () => {
    const gateway = createGateway({ holdMs: 150 });
    gateway.registerChain("901", { optimism_version: () => "v" }, "restarting");
    const pending = send(
      gateway,
      post("/901", [rpc("optimism_version", [], 1), rpc("optimism_version", [], 2)]),
    );
    await tick(10);
    gateway.setChainState("901", "paused");
    const answer = await pending;
    assert.equal(answer.status, 503);
    assert.equal(errorOf(answer.json).code, CHAIN_NOT_READY);
    assert.equal((answer.json as { id: unknown }).id, null);
  });

  test("a client that goes away ends its hold", async () => {
    const gateway = createGateway({ holdMs: longHold });
    gateway.registerChain("901", { optimism_version: () => "v" }, "stopped");
    const client = new AbortController();
    const request = new Request(`${base}/901`, {
      method: "POST",
      body: JSON.stringify(rpc("optimism_version")),
      signal: client.signal,
    });
    const pending = gateway.fetch(request);
    await tick(10);
    client.abort();
    assert.equal((await pending).status, 503);
  });
});
