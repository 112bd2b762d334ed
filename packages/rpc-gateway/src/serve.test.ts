// The Bun adapter (Elysia) over real HTTP on a random 127.0.0.1 port: the gateway's answers reach
// the client unchanged, Elysia never parses or rejects a body itself, and a 100 MB upload is cut
// off at the limit. Bun only (the core tests also run under Deno).
import { afterEach, describe, expect, test } from "bun:test";
import { CHAIN_NOT_READY, INVALID_REQUEST, PARSE_ERROR } from "./errors.ts";
import { createGateway, type Gateway } from "./gateway.ts";
import { type ServedGateway, serveGateway } from "./serve.ts";
import { rpc } from "./testing/rpcRequests.ts";

const running: ServedGateway[] = [];
afterEach(async () => {
  for (const server of running.splice(0)) await server.stop();
});

async function serve(gateway: Gateway): Promise<ServedGateway> {
  const server = await serveGateway(gateway, { port: 0 });
  running.push(server);
  return server;
}

function chainGateway(holdMs = 5000): Gateway {
  const gateway = createGateway({ holdMs });
  gateway.registerRoot({ heartbeat_check: () => "ok" });
  gateway.registerChain("901", { optimism_syncStatus: () => ({ safe_l2: { number: 5 } }) });
  return gateway;
}

function postTo(url: string, body: BodyInit, contentType = "application/json") {
  return fetch(url, { method: "POST", body, headers: { "content-type": contentType } });
}

describe("serveGateway (Elysia on Bun)", () => {
  test("binds 127.0.0.1 on a free port by default and serves the routes", async () => {
    const server = await serve(chainGateway());
    expect(server.url).toBe(`http://127.0.0.1:${server.port}`);
    expect(server.port).toBeGreaterThan(0);

    const root = await postTo(`${server.url}/`, JSON.stringify(rpc("heartbeat_check")));
    expect(root.status).toBe(200);
    expect(root.headers.get("content-type")).toBe("application/json");
    expect(await root.json()).toEqual({ jsonrpc: "2.0", id: 1, result: "ok" });

    for (const path of ["/901", "/901/", "/901/claimed"]) {
      const chain = await postTo(`${server.url}${path}`, JSON.stringify(rpc("optimism_syncStatus")));
      expect(await chain.json()).toEqual({ jsonrpc: "2.0", id: 1, result: { safe_l2: { number: 5 } } });
    }
    const unknown = await postTo(`${server.url}/999`, JSON.stringify(rpc("optimism_syncStatus")));
    expect(unknown.status).toBe(404);
    expect(unknown.headers.get("content-type")).toBe("application/json");

    const health = await fetch(`${server.url}/healthz`);
    expect(health.status).toBe(200);
    expect(await health.text()).toBe("ok");
    expect((await fetch(`${server.url}/901`)).status).toBe(405);
    expect((await fetch(`${server.url}/nothing`)).status).toBe(404);
  });

  test("bodies Elysia would parse or reject reach the gateway untouched", async () => {
    const server = await serve(chainGateway());
    const bad = await postTo(`${server.url}/901`, "{not json");
    expect(bad.status).toBe(200);
    expect(((await bad.json()) as { error: { code: number } }).error.code).toBe(PARSE_ERROR);
    // A JSON body sent as text/plain (or with no content type) is still JSON-RPC.
    const plain = await postTo(`${server.url}/901`, JSON.stringify(rpc("optimism_syncStatus")), "text/plain");
    expect(plain.status).toBe(200);
    const form = await postTo(`${server.url}/`, "a=1&b=2", "application/x-www-form-urlencoded");
    expect(form.status).toBe(200);
    expect(((await form.json()) as { error: { code: number } }).error.code).toBe(PARSE_ERROR);
    const batch = await postTo(`${server.url}/`, "[]");
    expect(((await batch.json()) as { error: { code: number } }).error.code).toBe(INVALID_REQUEST);
  });

  test("a 100 MB upload gets 413 and the server stops reading it", async () => {
    const server = await serve(chainGateway());
    // Declared length: refused before the body is read.
    const declared = await postTo(`${server.url}/901`, new Uint8Array(100 * 1000 * 1000));
    expect(declared.status).toBe(413);
    expect(((await declared.json()) as { error: { code: number } }).error.code).toBe(INVALID_REQUEST);

    // Streamed (chunked, no length): the client is only asked for a little more than the limit.
    const chunk = new Uint8Array(64 * 1024).fill(0x20);
    const total = Math.ceil((100 * 1000 * 1000) / chunk.length);
    let pulled = 0;
    const body = new ReadableStream<Uint8Array>(
      {
        pull(controller) {
          if (pulled === total) return controller.close();
          pulled++;
          controller.enqueue(chunk);
        },
      },
      { highWaterMark: 0 },
    );
    const streamed = await fetch(`${server.url}/901`, {
      method: "POST",
      body,
      headers: { "content-type": "application/json" },
      duplex: "half",
    } as RequestInit);
    expect(streamed.status).toBe(413);
    // 80 chunks reach the limit; socket buffers on both sides take some more, never a tenth of 100 MB.
    expect(pulled).toBeLessThan(total / 10);
  });

  test("a restarting chain is held, then 503; it is served once ready", async () => {
    const gateway = chainGateway(100);
    const server = await serve(gateway);
    gateway.setChainState("901", "restarting");
    const refused = await postTo(`${server.url}/901`, JSON.stringify(rpc("optimism_syncStatus", [], 3)));
    expect(refused.status).toBe(503);
    expect(await refused.json()).toMatchObject({ id: 3, error: { code: CHAIN_NOT_READY } });
    gateway.setChainState("901", "ready");
    expect((await postTo(`${server.url}/901`, JSON.stringify(rpc("optimism_syncStatus")))).status).toBe(200);
  });

  test("a second server on a port in use fails to listen (no shared SO_REUSEPORT)", async () => {
    const first = await serve(chainGateway());
    await expect(serveGateway(chainGateway(), { port: first.port })).rejects.toThrow();
  });

  test("stop() closes the port", async () => {
    const server = await serveGateway(chainGateway(), { port: 0 });
    await server.stop();
    await expect(fetch(`${server.url}/healthz`)).rejects.toThrow();
  });
});
