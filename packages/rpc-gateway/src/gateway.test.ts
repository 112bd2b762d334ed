// Routing, JSON-RPC 2.0 (single, batch, every error code), /healthz, CORS and the API's own checks.
// Runs under Bun and Deno (the core is Web-standard).
import assert from "node:assert/strict";
import { describe, test } from "@supernode/test-helpers/harness";
import {
  GatewayError,
  INTERNAL_ERROR,
  INVALID_PARAMS,
  INVALID_REQUEST,
  METHOD_NOT_FOUND,
  PARSE_ERROR,
  RpcError,
  SERVER_ERROR,
} from "./errors.ts";
import { createGateway, type Gateway, type GatewayOptions } from "./gateway.ts";
import { JsonText, MAX_PARAMS_DEPTH, nestedDeeperThan } from "./jsonRpc.ts";
import { base, errorOf, post, recordingLogger, rpc, send } from "./testing/rpcRequests.ts";

const syncStatus = { current_l1: { number: 7 }, safe_l2: { number: 3 } };

function gatewayWithRoutes(options: GatewayOptions = {}): Gateway {
  const gateway = createGateway(options);
  gateway.registerRoot({ heartbeat_check: () => "ok", echo: (params) => params });
  gateway.registerChain("901", {
    optimism_syncStatus: () => syncStatus,
    echo: (params) => ({ chain: "901", params }),
  });
  gateway.registerChain("902", { echo: (params) => ({ chain: "902", params }) });
  return gateway;
}

describe("routing", () => {
  test("POST / serves the root methods", async () => {
    const answer = await send(gatewayWithRoutes(), post("/", rpc("heartbeat_check")));
    assert.equal(answer.status, 200);
    assert.equal(answer.headers.get("content-type"), "application/json");
    assert.deepEqual(answer.json, { jsonrpc: "2.0", id: 1, result: "ok" });
  });

  test("POST /<chainId>, /<chainId>/ and /<chainId>/… serve that chain's methods, names untouched", async () => {
    const gateway = gatewayWithRoutes();
    for (const path of ["/901", "/901/", "/901/claimed", "/901?x=1", "//901"]) {
      const answer = await send(gateway, post(path, rpc("optimism_syncStatus", [], 7)));
      assert.equal(answer.status, 200, path);
      assert.deepEqual(answer.json, { jsonrpc: "2.0", id: 7, result: syncStatus }, path);
    }
    const other = await send(gateway, post("/902", rpc("echo", ["a"])));
    assert.deepEqual(other.json, { jsonrpc: "2.0", id: 1, result: { chain: "902", params: ["a"] } });
  });

  test("root and chain methods do not leak into each other", async () => {
    const gateway = gatewayWithRoutes();
    const atChain = await send(gateway, post("/901", rpc("heartbeat_check")));
    assert.equal(errorOf(atChain.json).code, METHOD_NOT_FOUND);
    const atRoot = await send(gateway, post("/", rpc("optimism_syncStatus")));
    assert.equal(errorOf(atRoot.json).code, METHOD_NOT_FOUND);
  });

  test("an unknown prefix is 404 with a JSON-RPC error body", async () => {
    const gateway = gatewayWithRoutes();
    for (const path of ["/903", "/903/", "/903/claimed", "/metrics"]) {
      const answer = await send(gateway, post(path, rpc("echo")));
      assert.equal(answer.status, 404, path);
      assert.equal(answer.headers.get("content-type"), "application/json");
      assert.match(errorOf(answer.json).message, /no chain/);
    }
  });

  test("with rootOnEveryPath, a path that is no chain's serves the root methods (op-node's catch-all)", async () => {
    const gateway = gatewayWithRoutes({ rootOnEveryPath: true });
    for (const path of ["/", "/903", "/anything/below", "/metrics?x=1"]) {
      const answer = await send(gateway, post(path, rpc("heartbeat_check")));
      assert.deepEqual(answer.json, { jsonrpc: "2.0", id: 1, result: "ok" }, path);
    }
    const chain = await send(gateway, post("/901", rpc("optimism_syncStatus")));
    assert.deepEqual(chain.json, { jsonrpc: "2.0", id: 1, result: syncStatus });
    assert.equal((await send(gateway, new Request(`${base}/healthz`))).status, 200);
  });

  test("POST / without root methods is 404", async () => {
    const gateway = createGateway();
    gateway.registerChain("901", { echo: () => 1 });
    assert.equal((await send(gateway, post("/", rpc("echo")))).status, 404);
  });

  test("GET /healthz answers 200 ok; HEAD too, without a body", async () => {
    const gateway = gatewayWithRoutes();
    const get = await send(gateway, new Request(`${base}/healthz`));
    assert.equal(get.status, 200);
    assert.equal(get.text, "ok");
    const head = await send(gateway, new Request(`${base}/healthz`, { method: "HEAD" }));
    assert.equal(head.status, 200);
    assert.equal(head.text, "");
    // An empty gateway is healthy too: health is the process, readiness is per chain.
    assert.equal((await send(createGateway(), new Request(`${base}/healthz`))).status, 200);
  });

  test("GET on an RPC path is 405 with Allow: POST; GET elsewhere is 404; POST /healthz is 405", async () => {
    const gateway = gatewayWithRoutes();
    for (const path of ["/", "/901", "/901/"]) {
      const answer = await send(gateway, new Request(`${base}${path}`));
      assert.equal(answer.status, 405, path);
      assert.equal(answer.headers.get("allow"), "POST");
      assert.equal(errorOf(answer.json).code, INVALID_REQUEST);
    }
    assert.equal((await send(gateway, new Request(`${base}/nothing`))).status, 404);
    assert.equal((await send(gateway, new Request(`${base}/healthz/x`))).status, 404);
    const postHealth = await send(gateway, post("/healthz", rpc("echo")));
    assert.equal(postHealth.status, 405);
    assert.equal(postHealth.headers.get("allow"), "GET, HEAD");
  });

  test("registerChain again replaces the chain's methods; registerRoot adds to the root's", async () => {
    const gateway = gatewayWithRoutes();
    gateway.registerChain("901", { optimism_version: () => "v2" });
    assert.deepEqual((await send(gateway, post("/901", rpc("optimism_version")))).json, {
      jsonrpc: "2.0",
      id: 1,
      result: "v2",
    });
    assert.equal(
      errorOf((await send(gateway, post("/901", rpc("optimism_syncStatus")))).json).code,
      METHOD_NOT_FOUND,
    );
    gateway.registerRoot({ supernode_syncStatus: () => "all" });
    assert.deepEqual((await send(gateway, post("/", rpc("heartbeat_check")))).json, {
      jsonrpc: "2.0",
      id: 1,
      result: "ok",
    });
    assert.deepEqual((await send(gateway, post("/", rpc("supernode_syncStatus")))).json, {
      jsonrpc: "2.0",
      id: 1,
      result: "all",
    });
  });
});

describe("the gateway's own API", () => {
  test("refuses chain ids that are no path segment, unknown chains and unknown states", () => {
    const gateway = createGateway();
    for (const chainId of ["", "9/01", "healthz", "a b", "9?1"])
      assert.throws(() => gateway.registerChain(chainId, {}), GatewayError, JSON.stringify(chainId));
    assert.throws(() => gateway.setChainState("901", "ready"), GatewayError);
    gateway.registerChain("901", {});
    assert.throws(() => gateway.setChainState("901", "broken" as "ready"), GatewayError);
    assert.throws(() => gateway.registerRoot({ "": () => 1 }), GatewayError);
    assert.throws(() => gateway.registerRoot({ x: 1 as unknown as () => 1 }), GatewayError);
  });

  test("refuses bad options, naming the key", () => {
    const cases: [GatewayOptions, string][] = [
      [{ maxBodyBytes: 0 }, "maxBodyBytes"],
      [{ maxBodyBytes: 1.5 }, "maxBodyBytes"],
      [{ maxBatch: -1 }, "maxBatch"],
      [{ holdMs: -1 }, "holdMs"],
      [{ holdMs: Number.NaN }, "holdMs"],
      [{ cors: { origins: [""] } }, "cors.origins"],
    ];
    for (const [options, key] of cases) {
      assert.throws(
        () => createGateway(options),
        (error: unknown) => error instanceof GatewayError && error.meta.key === key,
        key,
      );
    }
  });
});

describe("JSON text results", () => {
  test("a JsonText result is written as it is, alone and in a batch, sync or async", async () => {
    const gateway = createGateway();
    const text = '{"safe_l2":{"number":3},"note":"kept as written"}';
    gateway.registerChain("901", {
      cached: () => new JsonText(text),
      later: async () => new JsonText("[1,2]"),
    });
    const single = await send(gateway, post("/901", rpc("cached", [], "a")));
    assert.equal(single.text, `{"jsonrpc":"2.0","id":"a","result":${text}}`);
    const batch = await send(gateway, post("/901", [rpc("later", [], 1), rpc("cached", [], 2)]));
    assert.equal(
      batch.text,
      `[{"jsonrpc":"2.0","id":1,"result":[1,2]},{"jsonrpc":"2.0","id":2,"result":${text}}]`,
    );
  });
});

describe("JSON-RPC batches", () => {
  test("answers every entry in order, leaves notifications out, mixes results and errors", async () => {
    const gateway = gatewayWithRoutes();
    gateway.registerChain("903", {
      ok: (params) => params[0],
      refuse: () => {
        throw new RpcError(INVALID_PARAMS, "bad block number", { got: "x" });
      },
    });
    const answer = await send(
      gateway,
      post("/903", [
        rpc("ok", ["first"], 1),
        rpc("missing", [], "two"),
        { jsonrpc: "2.0", method: "ok", params: ["notified"] },
        1,
        rpc("refuse", [], 5),
        rpc("ok", ["last"], null),
      ]),
    );
    assert.equal(answer.status, 200);
    assert.deepEqual(answer.json, [
      { jsonrpc: "2.0", id: 1, result: "first" },
      {
        jsonrpc: "2.0",
        id: "two",
        error: { code: METHOD_NOT_FOUND, message: "the method missing does not exist/is not available" },
      },
      {
        jsonrpc: "2.0",
        id: null,
        error: { code: INVALID_REQUEST, message: "invalid request: expected a JSON-RPC request object" },
      },
      {
        jsonrpc: "2.0",
        id: 5,
        error: { code: INVALID_PARAMS, message: "bad block number", data: { got: "x" } },
      },
      { jsonrpc: "2.0", id: null, result: "last" },
    ]);
  });

  test("a batch of notifications only gets an empty 200", async () => {
    let calls = 0;
    const gateway = createGateway();
    gateway.registerRoot({ ping: () => ++calls });
    const answer = await send(
      gateway,
      post("/", [
        { jsonrpc: "2.0", method: "ping" },
        { jsonrpc: "2.0", method: "ping" },
      ]),
    );
    assert.equal(answer.status, 200);
    assert.equal(answer.text, "");
    assert.equal(calls, 2);
  });

  test("a batch over maxBatch is one -32600 error and runs nothing; at the limit it runs", async () => {
    let calls = 0;
    const gateway = createGateway({ maxBatch: 3 });
    gateway.registerRoot({ count: () => ++calls });
    const over = await send(
      gateway,
      post(
        "/",
        [1, 2, 3, 4].map((id) => rpc("count", [], id)),
      ),
    );
    assert.equal(over.status, 200);
    assert.ok(!Array.isArray(over.json));
    assert.equal(errorOf(over.json).code, INVALID_REQUEST);
    assert.match(errorOf(over.json).message, /batch of 4 requests, the limit is 3/);
    assert.equal(calls, 0);
    const atLimit = await send(
      gateway,
      post(
        "/",
        [1, 2, 3].map((id) => rpc("count", [], id)),
      ),
    );
    assert.equal((atLimit.json as unknown[]).length, 3);
    assert.equal(calls, 3);
  });

  test("the default batch limit is 1000", async () => {
    const gateway = createGateway();
    gateway.registerRoot({ one: () => 1 });
    const batch = (n: number) => Array.from({ length: n }, (_, id) => rpc("one", [], id));
    assert.equal(((await send(gateway, post("/", batch(1000)))).json as unknown[]).length, 1000);
    assert.equal(errorOf((await send(gateway, post("/", batch(1001)))).json).code, INVALID_REQUEST);
  });

  test("an empty batch is one -32600 error", async () => {
    const answer = await send(gatewayWithRoutes(), post("/", "[]"));
    assert.equal(answer.status, 200);
    assert.deepEqual(answer.json, {
      jsonrpc: "2.0",
      id: null,
      error: { code: INVALID_REQUEST, message: "invalid request: empty batch" },
    });
  });
});

describe("JSON-RPC error codes", () => {
  const errorCase = async (gateway: Gateway, body: unknown) => {
    const answer = await send(gateway, post("/", body));
    assert.equal(answer.status, 200, JSON.stringify(body));
    assert.equal(answer.headers.get("content-type"), "application/json");
    return answer.json as { id: unknown; error: { code: number; message: string; data?: unknown } };
  };

  test("-32700 for a body that is not JSON, not UTF-8, or empty", async () => {
    const gateway = gatewayWithRoutes();
    for (const body of [
      "{bad",
      '{"jsonrpc":"2.0",',
      "",
      "   ",
      "\u0000",
      new Uint8Array([0x22, 0xff, 0xfe, 0x22]),
    ]) {
      const answer = await errorCase(gateway, body);
      assert.equal(answer.error.code, PARSE_ERROR, String(body));
      assert.equal(answer.id, null);
    }
    // A real U+FFFD (valid UTF-8 EF BF BD) is text like any other.
    const replacement = await send(gateway, post("/", rpc("echo", ["a\uFFFDb"])));
    assert.deepEqual(replacement.json, { jsonrpc: "2.0", id: 1, result: ["a\uFFFDb"] });
  });

  test("-32600 for anything that is no JSON-RPC 2.0 request object", async () => {
    const gateway = gatewayWithRoutes();
    const bodies: unknown[] = [
      "null",
      '"heartbeat_check"',
      "42",
      "true",
      { method: "heartbeat_check", id: 1 },
      { jsonrpc: "1.0", method: "heartbeat_check", id: 1 },
      { jsonrpc: 2, method: "heartbeat_check", id: 1 },
      { jsonrpc: "2.0", id: 1 },
      { jsonrpc: "2.0", method: 5, id: 1 },
      { jsonrpc: "2.0", method: "", id: 1 },
      { jsonrpc: "2.0", method: "heartbeat_check", id: { nested: 1 } },
      { jsonrpc: "2.0", method: "heartbeat_check", id: [1] },
      { jsonrpc: "2.0", method: "heartbeat_check", id: true },
      '{"jsonrpc":"2.0","method":"heartbeat_check","id":1e400}',
    ];
    for (const body of bodies) assert.equal((await errorCase(gateway, body)).error.code, INVALID_REQUEST);
    // The id is echoed when it is usable, null when it is not.
    assert.equal((await errorCase(gateway, { jsonrpc: "1.0", method: "x", id: "a" })).id, "a");
    assert.equal((await errorCase(gateway, { jsonrpc: "2.0", method: "x", id: { a: 1 } })).id, null);
  });

  test("-32601 for an unknown method, including names on Object.prototype", async () => {
    const gateway = gatewayWithRoutes();
    for (const method of ["eth_chainId", "__proto__", "constructor", "toString", "hasOwnProperty"]) {
      const answer = await errorCase(gateway, rpc(method));
      assert.equal(answer.error.code, METHOD_NOT_FOUND, method);
      assert.equal(answer.id, 1);
    }
    const long = await errorCase(gateway, rpc("x".repeat(10_000)));
    assert.ok(long.error.message.length < 200, "a long method name is shortened in the message");
  });

  test("-32602 for params that are no array, or when the handler says so", async () => {
    const gateway = gatewayWithRoutes();
    gateway.registerRoot({
      strict: () => {
        throw new RpcError(INVALID_PARAMS, "invalid params: want a block number");
      },
    });
    for (const params of ["0x1", 7, true, { block: 1 }]) {
      const answer = await errorCase(gateway, { jsonrpc: "2.0", method: "echo", params, id: 2 });
      assert.equal(answer.error.code, INVALID_PARAMS, JSON.stringify(params));
      assert.equal(answer.id, 2);
    }
    assert.deepEqual((await errorCase(gateway, rpc("strict", [1]))).error, {
      code: INVALID_PARAMS,
      message: "invalid params: want a block number",
    });
  });

  test("-32602 for params nested deeper than MAX_PARAMS_DEPTH; the method never sees them", async () => {
    let calls = 0;
    const gateway = createGateway();
    gateway.registerRoot({ take: () => ++calls });
    const nested = (levels: number) => `${"[".repeat(levels)}${"]".repeat(levels)}`;
    const body = (params: string) => `{"jsonrpc":"2.0","id":1,"method":"take","params":${params}}`;
    const deep = await errorCase(gateway, body(nested(MAX_PARAMS_DEPTH + 1)));
    assert.equal(deep.error.code, INVALID_PARAMS);
    assert.equal(calls, 0);
    const deepObject = `[${'{"a":'.repeat(MAX_PARAMS_DEPTH)}1${"}".repeat(MAX_PARAMS_DEPTH)}]`;
    assert.equal((await errorCase(gateway, body(deepObject))).error.code, INVALID_PARAMS);
    assert.deepEqual((await send(gateway, post("/", body(nested(MAX_PARAMS_DEPTH))))).json, {
      jsonrpc: "2.0",
      id: 1,
      result: 1,
    });
    // Depth is the deepest branch, wherever it is among shallow siblings.
    const branchy = [1, { a: [2, [3]], b: "x" }, [[[]]], null];
    assert.equal(nestedDeeperThan(branchy, 4), false);
    assert.equal(nestedDeeperThan(branchy, 3), true);
    assert.equal(nestedDeeperThan([1, "a", null], 1), false);
    assert.equal(nestedDeeperThan("flat", 0), false);
  });

  test("absent or null params reach the handler as an empty array", async () => {
    const gateway = gatewayWithRoutes();
    for (const body of [
      { jsonrpc: "2.0", method: "echo", id: 1 },
      { jsonrpc: "2.0", method: "echo", params: null, id: 1 },
    ]) {
      assert.deepEqual((await send(gateway, post("/", body))).json, { jsonrpc: "2.0", id: 1, result: [] });
    }
  });

  test("-32000 with the message (never the stack) for any other handler error", async () => {
    const logger = recordingLogger();
    const gateway = createGateway({ logger });
    gateway.registerRoot({
      throws: () => {
        throw new Error("database is closed");
      },
      rejects: async () => {
        throw new TypeError("cannot read the safe head");
      },
      throwsString: () => {
        throw "plain string";
      },
      throwsObject: () => {
        throw { secret: "internal" };
      },
    });
    const thrown = await errorCase(gateway, rpc("throws"));
    assert.deepEqual(thrown.error, { code: SERVER_ERROR, message: "database is closed" });
    assert.deepEqual((await errorCase(gateway, rpc("rejects"))).error, {
      code: SERVER_ERROR,
      message: "cannot read the safe head",
    });
    assert.equal((await errorCase(gateway, rpc("throwsString"))).error.message, "plain string");
    assert.deepEqual((await errorCase(gateway, rpc("throwsObject"))).error, {
      code: SERVER_ERROR,
      message: "server error",
    });
    assert.ok(!JSON.stringify(thrown).includes("    at "), "no stack in the answer");
    const warned = logger.lines.filter((line) => line.level === "warn");
    assert.equal(warned.length, 4);
    assert.equal(warned[0]?.fields.method, "throws");
    assert.equal(warned[0]?.fields.error, "database is closed");
  });

  test("an RpcError keeps its code, message and data", async () => {
    const gateway = createGateway();
    gateway.registerRoot({
      custom: () => {
        throw new RpcError(-32005, "limit exceeded", { retryAfter: 2 });
      },
    });
    assert.deepEqual((await errorCase(gateway, rpc("custom"))).error, {
      code: -32005,
      message: "limit exceeded",
      data: { retryAfter: 2 },
    });
  });

  test("-32603 for a result that cannot be written as JSON; error data that cannot is dropped", async () => {
    const cycle: Record<string, unknown> = {};
    cycle.self = cycle;
    const gateway = createGateway();
    gateway.registerRoot({
      big: () => 10n,
      cycle: () => cycle,
      badData: () => {
        throw new RpcError(INVALID_PARAMS, "bad", { n: 1n });
      },
      nothing: () => undefined,
    });
    assert.equal((await errorCase(gateway, rpc("big"))).error.code, INTERNAL_ERROR);
    assert.equal((await errorCase(gateway, rpc("cycle"))).error.code, INTERNAL_ERROR);
    assert.deepEqual((await errorCase(gateway, rpc("badData"))).error, {
      code: INVALID_PARAMS,
      message: "bad",
    });
    assert.deepEqual((await send(gateway, post("/", rpc("nothing")))).json, {
      jsonrpc: "2.0",
      id: 1,
      result: null,
    });
  });

  test("a notification is never answered, even when it fails, but its handler runs", async () => {
    const seen: unknown[] = [];
    const gateway = createGateway();
    gateway.registerRoot({
      fails: (params) => {
        seen.push(params[0]);
        throw new Error("boom");
      },
    });
    for (const body of [
      { jsonrpc: "2.0", method: "fails", params: ["a"] },
      { jsonrpc: "2.0", method: "unknown" },
      { jsonrpc: "2.0", method: "fails", params: "not an array" },
    ]) {
      const answer = await send(gateway, post("/", body));
      assert.equal(answer.status, 200);
      assert.equal(answer.text, "");
    }
    assert.deepEqual(seen, ["a"]);
  });

  test("ids are echoed as sent: strings, numbers and null", async () => {
    const gateway = gatewayWithRoutes();
    for (const id of ["abc", 0, -1, 1.5, 2 ** 40, null]) {
      const answer = await send(gateway, post("/", rpc("heartbeat_check", [], id)));
      assert.deepEqual(answer.json, { jsonrpc: "2.0", id, result: "ok" });
    }
  });
});

describe("CORS", () => {
  const origin = "https://app.example";

  test("sends no CORS header and refuses OPTIONS when not configured", async () => {
    const gateway = gatewayWithRoutes();
    const answer = await send(gateway, post("/", rpc("heartbeat_check"), { origin }));
    assert.equal(answer.status, 200);
    for (const [name] of answer.headers) assert.ok(!name.startsWith("access-control-"), name);
    const preflight = await send(
      gateway,
      new Request(`${base}/`, {
        method: "OPTIONS",
        headers: { origin, "access-control-request-method": "POST" },
      }),
    );
    assert.equal(preflight.status, 405);
  });

  test("allows the configured origins only", async () => {
    const gateway = gatewayWithRoutes({ cors: { origins: [origin] } });
    const allowed = await send(gateway, post("/901", rpc("optimism_syncStatus"), { origin }));
    assert.equal(allowed.headers.get("access-control-allow-origin"), origin);
    assert.equal(allowed.headers.get("vary"), "Origin");
    const other = await send(
      gateway,
      post("/901", rpc("optimism_syncStatus"), { origin: "https://evil.example" }),
    );
    assert.equal(other.status, 200);
    assert.equal(other.headers.get("access-control-allow-origin"), null);

    const preflight = await send(
      gateway,
      new Request(`${base}/901`, {
        method: "OPTIONS",
        headers: {
          origin,
          "access-control-request-method": "POST",
          "access-control-request-headers": "content-type",
        },
      }),
    );
    assert.equal(preflight.status, 204);
    assert.equal(preflight.headers.get("access-control-allow-origin"), origin);
    assert.match(preflight.headers.get("access-control-allow-methods") ?? "", /POST/);
    assert.equal(preflight.headers.get("access-control-allow-headers"), "content-type");
    const refused = await send(
      gateway,
      new Request(`${base}/901`, { method: "OPTIONS", headers: { origin: "https://evil.example" } }),
    );
    assert.equal(refused.status, 403);
    assert.equal(refused.headers.get("access-control-allow-origin"), null);
  });

  test('"*" allows any origin', async () => {
    const gateway = gatewayWithRoutes({ cors: { origins: ["*"] } });
    const answer = await send(gateway, post("/", rpc("heartbeat_check"), { origin: "https://any.example" }));
    assert.equal(answer.headers.get("access-control-allow-origin"), "*");
  });
});
