// A local HTTP proxy in front of anvil for tests: counts upstream requests and injects faults
// (imported only by *.test.ts files).
export type Fault = "drop" | "delay" | "429" | "500" | "truncated" | "bad-json";

export interface TestProxy {
  readonly url: string;
  /** JSON-RPC calls (a batch counts each call) and beacon GETs (by path) forwarded upstream. */
  readonly calls: Map<string, number>;
  requests: number;
  /** Faults to inject, one per incoming request, in order. */
  faults: Fault[];
  stop(): void;
}

export function startTestProxy(upstream: string): TestProxy {
  const proxy: TestProxy = {
    url: "",
    calls: new Map(),
    requests: 0,
    faults: [],
    stop: () => server.stop(true),
  };
  const server = Bun.serve({
    hostname: "127.0.0.1",
    port: 0,
    async fetch(request) {
      const fault = proxy.faults.shift();
      // A connection that breaks before any answer arrives.
      if (fault === "drop")
        return new Response(
          new ReadableStream({ start: (controller) => controller.error(new Error("dropped")) }),
        );
      if (fault === "429") return new Response("slow down", { status: 429 });
      if (fault === "500") return new Response("boom", { status: 500 });
      if (fault === "bad-json")
        return new Response("{not json", { headers: { "content-type": "application/json" } });
      if (fault === "delay") await Bun.sleep(1500);
      if (request.method === "GET") {
        // Beacon reads: forwarded as they are, counted by path.
        const url = new URL(request.url);
        proxy.requests++;
        proxy.calls.set(url.pathname, (proxy.calls.get(url.pathname) ?? 0) + 1);
        const response = await fetch(`${upstream}${url.pathname}${url.search}`);
        return new Response(await response.text(), {
          status: response.status,
          headers: { "content-type": "application/json" },
        });
      }
      const body = await request.text();
      const parsed = JSON.parse(body) as { method: string } | { method: string }[];
      proxy.requests++;
      for (const call of Array.isArray(parsed) ? parsed : [parsed])
        proxy.calls.set(call.method, (proxy.calls.get(call.method) ?? 0) + 1);
      const response = await fetch(upstream, {
        method: "POST",
        headers: { "content-type": "application/json" },
        body,
      });
      const text = await response.text();
      if (fault === "truncated")
        return new Response(text.slice(0, Math.floor(text.length / 2)), {
          headers: { "content-type": "application/json" },
        });
      return new Response(text, { headers: { "content-type": "application/json" } });
    },
  });
  (proxy as { url: string }).url = `http://127.0.0.1:${server.port}`;
  return proxy;
}
