// The body limit: refused on Content-Length before reading, and while streaming without buffering
// the rest (a 100 MB body stops being read a few chunks past the limit). Runs under Bun and Deno.
import assert from "node:assert/strict";
import { describe, test } from "@supernode/test-helpers/harness";
import { INVALID_REQUEST, PARSE_ERROR } from "./errors.ts";
import { createGateway, DEFAULT_MAX_BODY_BYTES, type Gateway } from "./gateway.ts";
import { base, errorOf, post, rpc, send } from "./testing/rpcRequests.ts";

const chunkBytes = 64 * 1024;
const hundredMegabytes = 100 * 1000 * 1000;

/** A body stream that would produce `total` bytes of JSON-ish filler, counting what was pulled. */
function countingStream(total: number) {
  const seen = { pulled: 0, bytes: 0, cancelled: false };
  const stream = new ReadableStream<Uint8Array>(
    {
      pull(controller) {
        if (seen.bytes >= total) {
          controller.close();
          return;
        }
        const size = Math.min(chunkBytes, total - seen.bytes);
        seen.pulled++;
        seen.bytes += size;
        controller.enqueue(new Uint8Array(size).fill(0x20));
      },
      cancel() {
        seen.cancelled = true;
      },
    },
    // Pull only when the reader asks: nothing is produced ahead of the gateway's reads.
    { highWaterMark: 0 },
  );
  return { stream, seen };
}

function streamingPost(path: string, body: ReadableStream<Uint8Array>, headers: Record<string, string> = {}) {
  return new Request(`${base}${path}`, {
    method: "POST",
    body,
    headers: { "content-type": "application/json", ...headers },
    duplex: "half",
  } as RequestInit);
}

function gateway(maxBodyBytes?: number): Gateway {
  const gateway = createGateway(maxBodyBytes === undefined ? {} : { maxBodyBytes });
  gateway.registerRoot({ echo: (params) => params });
  gateway.registerChain("901", { echo: (params) => params });
  return gateway;
}

describe("body limit", () => {
  test("a 100 MB streamed body gets HTTP 413 after reading just past the limit", async () => {
    const { stream, seen } = countingStream(hundredMegabytes);
    const answer = await send(gateway(), streamingPost("/901", stream));
    assert.equal(answer.status, 413);
    assert.equal(answer.headers.get("content-type"), "application/json");
    assert.equal(errorOf(answer.json).code, INVALID_REQUEST);
    assert.match(errorOf(answer.json).message, /too large/);
    // 5 MiB in 64 KiB chunks is 80 chunks: the 81st passes the limit and reading stops there.
    assert.equal(seen.pulled, DEFAULT_MAX_BODY_BYTES / chunkBytes + 1);
    assert.ok(seen.bytes < hundredMegabytes / 10);
    assert.ok(seen.cancelled, "the rest of the stream is cancelled");
  });

  test("a declared Content-Length over the limit gets 413 before a byte is read", async () => {
    const { stream, seen } = countingStream(hundredMegabytes);
    const answer = await send(
      gateway(),
      streamingPost("/", stream, { "content-length": String(hundredMegabytes) }),
    );
    assert.equal(answer.status, 413);
    assert.equal(seen.pulled, 0);
  });

  test("a body of exactly maxBodyBytes is served; one byte more is 413", async () => {
    const limit = 4096;
    const json = JSON.stringify(rpc("echo", ["fits"]));
    const exact = json + " ".repeat(limit - json.length);
    const served = await send(gateway(limit), post("/", exact));
    assert.equal(served.status, 200);
    assert.deepEqual(served.json, { jsonrpc: "2.0", id: 1, result: ["fits"] });
    assert.equal((await send(gateway(limit), post("/", `${exact} `))).status, 413);
    // The same without a Content-Length (streamed in small chunks).
    const bytes = new TextEncoder().encode(`${exact} `);
    const chunks = new ReadableStream<Uint8Array>({
      start(controller) {
        for (let at = 0; at < bytes.length; at += 1000) controller.enqueue(bytes.slice(at, at + 1000));
        controller.close();
      },
    });
    assert.equal((await send(gateway(limit), streamingPost("/", chunks))).status, 413);
  });

  test("a body split across chunks, a UTF-8 character cut in two, is put back together", async () => {
    const bytes = new TextEncoder().encode(JSON.stringify(rpc("echo", ["héllo ⛓ chain"])));
    const cut = bytes.indexOf(0xc3) + 1; // inside the two bytes of é
    const stream = new ReadableStream<Uint8Array>({
      start(controller) {
        controller.enqueue(bytes.slice(0, cut));
        controller.enqueue(bytes.slice(cut, cut + 7));
        controller.enqueue(bytes.slice(cut + 7));
        controller.close();
      },
    });
    const answer = await send(gateway(), streamingPost("/901", stream));
    assert.deepEqual(answer.json, { jsonrpc: "2.0", id: 1, result: ["héllo ⛓ chain"] });
  });

  test("a body stream that fails midway gets 400 with -32700", async () => {
    const stream = new ReadableStream<Uint8Array>({
      start(controller) {
        controller.enqueue(new TextEncoder().encode('{"jsonrpc":"2.0",'));
        controller.error(new Error("connection reset"));
      },
    });
    const answer = await send(gateway(), streamingPost("/", stream));
    assert.equal(answer.status, 400);
    assert.equal(errorOf(answer.json).code, PARSE_ERROR);
  });

  test("a body already read (its stream used, no length) gets 400 with -32700, not a rejection", async () => {
    const request = streamingPost("/901", new Blob([JSON.stringify(rpc("echo"))]).stream());
    await request.text();
    const answer = await send(gateway(), request);
    assert.equal(answer.status, 400);
    assert.equal(errorOf(answer.json).code, PARSE_ERROR);
  });
});
