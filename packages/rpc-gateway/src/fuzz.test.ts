// RPC fuzz: malformed JSON, wrong types, deep nesting, huge bodies and huge batches must each get a
// JSON-RPC error or an HTTP error, never a crash, a 500 or an unhandled rejection. Seeded, so a
// failure names the case that reproduces it. SUPERNODE_FUZZ_ITERATIONS sets the number of random
// cases (default 2000). Runs under Bun and Deno.
import assert from "node:assert/strict";
import process from "node:process";
import { describe, test } from "@supernode/test-helpers/harness";
import { INTERNAL_ERROR, INVALID_PARAMS, INVALID_REQUEST, PARSE_ERROR, RpcError } from "./errors.ts";
import { createGateway, type Gateway } from "./gateway.ts";
import { type Answer, post, recordingLogger, rpc, send } from "./testing/rpcRequests.ts";

const iterations = Number(process.env.SUPERNODE_FUZZ_ITERATIONS) || 2000;
const seed = 0x5eed_11;

/** mulberry32: a small seeded generator, the same on every runtime. */
function random(seedValue: number): () => number {
  let state = seedValue >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const deepDepth = 100_000;
const nestedArrays = (depth: number) => `${"[".repeat(depth)}${"]".repeat(depth)}`;
const nestedObjects = (depth: number) => `${'{"a":'.repeat(depth)}1${"}".repeat(depth)}`;

function fuzzGateway(): { gateway: Gateway; logger: ReturnType<typeof recordingLogger> } {
  const logger = recordingLogger();
  const gateway = createGateway({ logger, maxBatch: 1000 });
  const deep = JSON.parse(nestedArrays(deepDepth));
  const methods = {
    echo: (params: readonly unknown[]) => params,
    fail: () => {
      throw new Error("failed on purpose");
    },
    refuse: (params: readonly unknown[]) => {
      throw new RpcError(INVALID_PARAMS, "refused", params);
    },
    bigint: () => 1n,
    later: async (params: readonly unknown[]) => {
      await Promise.resolve();
      return params.length;
    },
    deepResult: () => deep,
  };
  gateway.registerRoot(methods);
  gateway.registerChain("901", methods);
  return { gateway, logger };
}

type Rng = () => number;
const pick = <T>(rng: Rng, items: readonly T[]): T => items[Math.floor(rng() * items.length)] as T;
// deepResult is left out of the random cases: writing a 100k-deep result costs JSON.stringify
// close to a second under Bun before it gives up (see the deep nesting test).
const methodNames = ["echo", "fail", "refuse", "bigint", "later", "nope", "", "__proto__"];
const strangeChars = [
  "{",
  "}",
  "[",
  "]",
  '"',
  "\\",
  ",",
  ":",
  "\u0000",
  "\u001f",
  "\ud800",
  "é",
  "⛓",
  "0",
  "-",
  "e",
];

function randomValue(rng: Rng, depth = 0): unknown {
  const kind = Math.floor(rng() * (depth > 3 ? 5 : 7));
  switch (kind) {
    case 0:
      return null;
    case 1:
      return rng() < 0.5;
    case 2:
      return pick(rng, [0, -1, 1.5, 2 ** 53, -0, 1e308, Math.floor(rng() * 1e6)]);
    case 3:
      return pick(rng, ["", "2.0", "echo", "0x1", "\ud800", "x".repeat(Math.floor(rng() * 300))]);
    case 4:
      return pick(rng, methodNames);
    case 5:
      return Array.from({ length: Math.floor(rng() * 4) }, () => randomValue(rng, depth + 1));
    default: {
      const object: Record<string, unknown> = {};
      for (let i = Math.floor(rng() * 4); i > 0; i--)
        object[pick(rng, ["jsonrpc", "id", "method", "params", "x"])] = randomValue(rng, depth + 1);
      return object;
    }
  }
}

/** A request object whose every member may be missing, right, or of a wrong type. */
function requestLike(rng: Rng): unknown {
  const request: Record<string, unknown> = {};
  if (rng() < 0.9) request.jsonrpc = rng() < 0.8 ? "2.0" : randomValue(rng);
  if (rng() < 0.9) request.method = rng() < 0.7 ? pick(rng, methodNames) : randomValue(rng);
  if (rng() < 0.8) request.params = rng() < 0.6 ? [randomValue(rng)] : randomValue(rng);
  if (rng() < 0.8) request.id = rng() < 0.6 ? Math.floor(rng() * 100) : randomValue(rng);
  return request;
}

function mutate(rng: Rng, text: string): string {
  let out = text;
  for (let edits = 1 + Math.floor(rng() * 4); edits > 0; edits--) {
    const at = Math.floor(rng() * (out.length + 1));
    const op = Math.floor(rng() * 4);
    if (op === 0) out = out.slice(0, at) + out.slice(at + 1);
    else if (op === 1) out = out.slice(0, at) + pick(rng, strangeChars) + out.slice(at);
    else if (op === 2) out = out.slice(0, at);
    else out = out.slice(0, at) + out.slice(Math.floor(rng() * out.length)) + out.slice(at);
  }
  return out;
}

function randomBody(rng: Rng): string | Uint8Array {
  switch (Math.floor(rng() * 6)) {
    case 0:
      return Uint8Array.from({ length: Math.floor(rng() * 64) }, () => Math.floor(rng() * 256));
    case 1:
      return mutate(rng, JSON.stringify(requestLike(rng)));
    case 2:
      return JSON.stringify(randomValue(rng));
    case 3:
      return JSON.stringify(requestLike(rng));
    case 4:
      return JSON.stringify(Array.from({ length: Math.floor(rng() * 20) }, () => requestLike(rng)));
    default:
      return mutate(rng, JSON.stringify(Array.from({ length: 3 }, () => requestLike(rng))));
  }
}

function isResponse(value: unknown): boolean {
  if (typeof value !== "object" || value === null || Array.isArray(value)) return false;
  const response = value as Record<string, unknown>;
  const id = response.id;
  if (response.jsonrpc !== "2.0" || !(typeof id === "string" || typeof id === "number" || id === null))
    return false;
  const hasResult = Object.hasOwn(response, "result");
  const hasError = Object.hasOwn(response, "error");
  if (hasResult === hasError) return false;
  if (hasResult) return true;
  const error = response.error as Record<string, unknown> | null;
  return (
    typeof error === "object" &&
    error !== null &&
    Number.isSafeInteger(error.code) &&
    typeof error.message === "string" &&
    !error.message.includes("    at ")
  );
}

/** Every answer is a well-formed JSON-RPC answer (or an empty one for notifications) or an HTTP error. */
function assertWellFormed(answer: Answer, label: string): void {
  assert.ok([200, 400, 413].includes(answer.status), `${label}: HTTP ${answer.status}`);
  assert.equal(answer.headers.get("content-type"), "application/json", label);
  if (answer.status === 200 && answer.text === "") return;
  const json = answer.json;
  const ok = Array.isArray(json) ? json.length > 0 && json.every(isResponse) : isResponse(json);
  assert.ok(ok, `${label}: not a JSON-RPC answer: ${answer.text.slice(0, 300)}`);
}

function errorCodeOf(json: unknown): number | undefined {
  return (json as { error?: { code?: number } } | undefined)?.error?.code;
}

const strictUtf8 = new TextDecoder("utf-8", { fatal: true });
function parses(body: string | Uint8Array): boolean {
  try {
    JSON.parse(typeof body === "string" ? body : strictUtf8.decode(body));
    return true;
  } catch {
    return false;
  }
}

async function withRejectionWatch(body: () => Promise<void>): Promise<void> {
  const rejections: unknown[] = [];
  const onRejection = (reason: unknown) => rejections.push(reason);
  process.on("unhandledRejection", onRejection);
  try {
    await body();
    // Let any stray rejection surface before looking.
    await new Promise((resolve) => setTimeout(resolve, 20));
  } finally {
    process.off("unhandledRejection", onRejection);
  }
  assert.deepEqual(rejections, [], "no unhandled rejection");
}

describe("RPC fuzz", () => {
  test(`${iterations} random malformed or mistyped bodies (seed ${seed})`, async () => {
    await withRejectionWatch(async () => {
      const { gateway, logger } = fuzzGateway();
      const rng = random(seed);
      for (let i = 0; i < iterations; i++) {
        const body = randomBody(rng);
        const label = `case ${i} (seed ${seed})`;
        const answer = await send(gateway, post(rng() < 0.5 ? "/" : "/901", body));
        assertWellFormed(answer, label);
        if (!parses(body)) {
          assert.equal(answer.status, 200, label);
          assert.equal(errorCodeOf(answer.json), PARSE_ERROR, label);
        }
      }
      assert.deepEqual(
        logger.lines.filter((line) => line.level === "error"),
        [],
        "no request reached the gateway's last-resort handler",
      );
    });
  });

  test("deep nesting (100k levels) in the body, the id, the params and the result", async () => {
    await withRejectionWatch(async () => {
      const { gateway } = fuzzGateway();
      const request = (fields: string) => `{"jsonrpc":"2.0","method":"echo",${fields}}`;
      const cases: [string, string][] = [
        ["nested arrays as the body", nestedArrays(deepDepth)],
        ["nested objects as the body", nestedObjects(deepDepth)],
        ["nested arrays as the id", request(`"id":${nestedArrays(deepDepth)}`)],
        ["nested objects as the params", request(`"id":1,"params":${nestedObjects(deepDepth)}`)],
        ["unclosed nesting", "[".repeat(deepDepth)],
        ["a million levels", nestedArrays(1_000_000)],
      ];
      for (const [label, body] of cases) {
        const answer = await send(gateway, post("/", body));
        assertWellFormed(answer, label);
        assert.ok(
          errorCodeOf(Array.isArray(answer.json) ? answer.json[0] : answer.json) !== undefined,
          label,
        );
      }
      // Params nested deeper than MAX_PARAMS_DEPTH never reach a method.
      const echoed = await send(gateway, post("/", request(`"id":1,"params":[${nestedArrays(deepDepth)}]`)));
      assertWellFormed(echoed, "deep params");
      assert.equal(errorCodeOf(echoed.json), INVALID_PARAMS);
      // A method's own deep result: written if the runtime can, else -32603.
      const deepResult = await send(gateway, post("/", rpc("deepResult")));
      assertWellFormed(deepResult, "deep result");
      const code = errorCodeOf(deepResult.json);
      assert.ok(code === undefined || code === INTERNAL_ERROR);
      const deepData = createGateway();
      deepData.registerRoot({
        refuse: () => {
          throw new RpcError(INVALID_PARAMS, "refused", JSON.parse(nestedArrays(deepDepth)));
        },
      });
      const refused = await send(deepData, post("/", rpc("refuse")));
      assertWellFormed(refused, "deep error data");
      assert.equal(errorCodeOf(refused.json), INVALID_PARAMS);
    });
  });

  test("huge bodies and huge batches", async () => {
    await withRejectionWatch(async () => {
      const { gateway } = fuzzGateway();
      const sixMiB = JSON.stringify(rpc("echo", ["x".repeat(6 * 1024 * 1024)]));
      const tooBig = await send(gateway, post("/901", sixMiB));
      assert.equal(tooBig.status, 413);
      assertWellFormed(tooBig, "6 MiB");
      const almost = JSON.stringify(rpc("echo", ["y".repeat(5 * 1024 * 1024 - 100)]));
      const served = await send(gateway, post("/901", almost));
      assert.equal(served.status, 200);
      assert.equal(((served.json as { result: string[] }).result[0] ?? "").length, 5 * 1024 * 1024 - 100);

      const batch = Array.from({ length: 10_000 }, (_, id) => rpc("echo", [id], id));
      const refused = await send(gateway, post("/", batch));
      assertWellFormed(refused, "10,000-entry batch");
      assert.ok(!Array.isArray(refused.json));
      assert.equal(errorCodeOf(refused.json), INVALID_REQUEST);

      // With the limit raised, 10,000 entries of every kind are all answered, in order.
      const roomy = createGateway({ maxBatch: 20_000 });
      roomy.registerRoot({ echo: (params) => params[0], fail: () => Promise.reject(new Error("no")) });
      const mixed = Array.from({ length: 10_000 }, (_, id) =>
        id % 3 === 0 ? rpc("echo", [id], id) : id % 3 === 1 ? rpc("fail", [], id) : { id },
      );
      const answered = await send(roomy, post("/", mixed));
      assertWellFormed(answered, "10,000 mixed entries");
      const answers = answered.json as { id: unknown }[];
      assert.equal(answers.length, 10_000);
      assert.deepEqual(answers[3], { jsonrpc: "2.0", id: 3, result: 3 });
      assert.equal(errorCodeOf(answers[4]), -32000);
      assert.equal(errorCodeOf(answers[5]), INVALID_REQUEST);
    });
  });

  test("prototype keys and odd numbers are plain data", async () => {
    const { gateway } = fuzzGateway();
    const cases = [
      '{"__proto__":{"jsonrpc":"2.0","method":"echo"},"id":1}',
      '{"jsonrpc":"2.0","method":"echo","id":1e400}',
      '{"jsonrpc":"2.0","method":"constructor","id":1}',
      '{"jsonrpc":"2.0","method":"echo","params":{"__proto__":[]},"id":1}',
      '{"jsonrpc":"2.0","method":"echo","id":1,"jsonrpc":"1.0"}',
    ];
    for (const body of cases) {
      const answer = await send(gateway, post("/", body));
      assertWellFormed(answer, body);
      assert.ok(errorCodeOf(answer.json) !== undefined, body);
    }
  });
});
