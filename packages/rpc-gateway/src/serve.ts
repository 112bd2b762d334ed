// The Bun adapter: Elysia serves the gateway's fetch handler on one port. Elysia only adapts: the
// gateway does all reading, parsing and routing itself, and no Elysia schema is used (Elysia would
// answer 422 on a body its schema rejects, where JSON-RPC wants HTTP 200 with an error object).
// Every path reaches the gateway through Bun's native routes, which Elysia passes to Bun.serve
// (`serve.routes`): the untouched Request (body still a stream) goes straight to `gateway.fetch`
// without Elysia building a context per request, which cost ~2 µs (~7 %) of a request in
// bench/rpc. Bun's routes take every path and method; Elysia's own catch-all routes (body parsing
// off) are registered behind them but answer nothing today. Elysia's `mount()` was not used: it
// copies every Request.
import { Elysia } from "elysia";
import type { Gateway } from "./gateway.ts";

export interface ServeOptions {
  /** Interface to bind (default 127.0.0.1: a deliberate difference from op-supernode's 0.0.0.0). */
  readonly hostname?: string;
  /** Port to listen on; 0 picks a free one. */
  readonly port: number;
}

export interface ServedGateway {
  readonly url: string;
  readonly port: number;
  stop(): Promise<void>;
}

export const DEFAULT_HOSTNAME = "127.0.0.1";

/**
 * Bun refuses a body over its own limit before the gateway sees it, answering with a plain-text
 * 413. Its limit is set far above any gateway limit, so the gateway's JSON answer (which stops
 * reading at its own limit) is what a client gets.
 */
const bunBodyLimit = 2 ** 40;

export async function serveGateway(gateway: Gateway, options: ServeOptions): Promise<ServedGateway> {
  const hostname = options.hostname ?? DEFAULT_HOSTNAME;
  const forward = ({ request }: { request: Request }) => gateway.fetch(request);
  const native = (request: Request): Promise<Response> => gateway.fetch(request);
  const app = new Elysia({
    serve: {
      maxRequestBodySize: bunBodyLimit,
      routes: { "/": native, "/*": native },
      // Elysia turns SO_REUSEPORT on by default: a second server on a port in use would start and
      // share its traffic instead of failing to listen.
      reusePort: false,
    },
  })
    .all("/", forward, { parse: "none" })
    .all("/*", forward, { parse: "none" });
  await new Promise<void>((resolve, reject) => {
    try {
      app.listen({ hostname, port: options.port }, () => resolve());
    } catch (error) {
      reject(error);
    }
  });
  const server = app.server;
  if (server === null || server.port === undefined) throw new Error("the RPC server did not start");
  const port = server.port;
  const host = hostname.includes(":") ? `[${hostname}]` : hostname;
  return {
    url: `http://${host}:${port}`,
    port,
    stop: async () => {
      await app.stop(true);
    },
  };
}
