// The gateway's observer (what the app turns into metrics): one `call` per JSON-RPC call with a
// bounded method label, one `refused` per request answered without a call, one `served` per
// request with its route. Runs under Bun and Deno.
import assert from "node:assert/strict";
import { describe, test } from "@supernode/test-helpers/harness";
import { createGateway, type GatewayObserver } from "./gateway.ts";
import { post, rpc, send } from "./testing/rpcRequests.ts";

interface Seen {
  readonly calls: string[];
  readonly refused: string[];
  readonly served: string[];
}

function observed(): { gateway: ReturnType<typeof createGateway>; seen: Seen } {
  const seen: Seen = { calls: [], refused: [], served: [] };
  const observer: GatewayObserver = {
    call: (route, method, ok) => seen.calls.push(`${route} ${method} ${ok ? "ok" : "error"}`),
    refused: (route, reason) => seen.refused.push(`${route} ${reason}`),
    served: (route, seconds) => {
      assert.ok(seconds >= 0 && seconds < 10);
      seen.served.push(route);
    },
  };
  const gateway = createGateway({ observer, holdMs: 20, maxBatch: 4 });
  gateway.registerRoot({ heartbeat_check: () => "ok" });
  gateway.registerChain("901", {
    optimism_syncStatus: async () => ({}),
    fails: () => {
      throw new Error("no");
    },
  });
  gateway.registerChain("902", {}, "restarting");
  return { gateway, seen };
}

describe("the gateway observer", () => {
  test("each call is counted with its route, method and outcome; unknown names share one label", async () => {
    const { gateway, seen } = observed();
    await send(gateway, post("/", rpc("heartbeat_check")));
    await send(gateway, post("/901", [rpc("optimism_syncStatus"), rpc("fails"), rpc("made_up_1"), {}]));
    // A batch's calls end in any order.
    assert.deepEqual(seen.calls.sort(), [
      "901 fails error",
      "901 optimism_syncStatus ok",
      "901 unknown error",
      "901 unknown error",
      "root heartbeat_check ok",
    ]);
    assert.deepEqual(seen.refused, []);
    assert.deepEqual(seen.served, ["root", "901"]);
  });

  test("requests answered without a call are refused: rejected or unavailable", async () => {
    const { gateway, seen } = observed();
    await send(gateway, post("/901", "{not json"));
    await send(gateway, post("/901", [rpc("a"), rpc("b"), rpc("c"), rpc("d"), rpc("e")]));
    await send(gateway, post("/903", rpc("a")));
    await send(gateway, post("/902", rpc("a")));
    await send(gateway, new Request("http://gateway.test/901", { method: "GET" }));
    assert.deepEqual(seen.refused, [
      "901 rejected",
      "901 rejected",
      "unknown rejected",
      "902 unavailable",
      "901 rejected",
    ]);
    assert.deepEqual(seen.calls, []);
    assert.deepEqual(seen.served, ["901", "901", "unknown", "902", "901"]);
  });
});
