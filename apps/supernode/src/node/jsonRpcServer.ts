// JSON-RPC 2.0 over HTTP for one node's `optimism_*` methods: a Web-standard fetch handler (single
// requests and batches) and a Bun.serve around it. Every bad request is answered with HTTP 200 and
// a JSON-RPC error object; a handler's NodeRpcError keeps its code and message. Until rpc-gateway
// serves every chain, this is the one place the single-node command maps errors to RPC codes.
import { NodeRpcError, type RpcHandler } from "@supernode/derivation";
import type { Logger } from "@supernode/protocol";

/** geth's limits: 5 MB bodies, 1000 requests in a batch. */
export const MAX_BODY_BYTES = 5 * 1024 * 1024;
export const MAX_BATCH_ITEMS = 1000;

export const PARSE_ERROR = -32700;
export const INVALID_REQUEST = -32600;
export const METHOD_NOT_FOUND = -32601;
export const INVALID_PARAMS = -32602;
/** geth's code for an error returned by a method. */
export const SERVER_ERROR = -32000;

type Id = string | number | null;

interface RpcError {
  readonly code: number;
  readonly message: string;
}

type RpcResponse =
  | { readonly jsonrpc: "2.0"; readonly id: Id; readonly result: unknown }
  | { readonly jsonrpc: "2.0"; readonly id: Id; readonly error: RpcError };

const failure = (id: Id, code: number, message: string): RpcResponse => ({
  jsonrpc: "2.0",
  id,
  error: { code, message },
});

function json(body: unknown): Response {
  return new Response(JSON.stringify(body), { headers: { "content-type": "application/json" } });
}

function idOf(request: unknown): Id {
  if (typeof request !== "object" || request === null || !("id" in request)) return null;
  const { id } = request as { id: unknown };
  return typeof id === "string" || typeof id === "number" ? id : null;
}

export type Methods = Readonly<Record<string, RpcHandler>>;

async function answer(methods: Methods, request: unknown, logger: Logger): Promise<RpcResponse | null> {
  if (typeof request !== "object" || request === null || Array.isArray(request))
    return failure(null, INVALID_REQUEST, "invalid request: expected a JSON-RPC request object");
  const { jsonrpc, method, params } = request as { jsonrpc?: unknown; method?: unknown; params?: unknown };
  const id = idOf(request);
  const notification = !("id" in request);
  if (jsonrpc !== "2.0" || typeof method !== "string")
    return failure(id, INVALID_REQUEST, 'invalid request: expected jsonrpc "2.0" and a method name');
  if (params !== undefined && params !== null && !Array.isArray(params))
    return failure(id, INVALID_PARAMS, "invalid params: expected an array of positional params");
  const handler = Object.hasOwn(methods, method) ? methods[method] : undefined;
  if (!handler) return failure(id, METHOD_NOT_FOUND, `the method ${method} does not exist/is not available`);
  let response: RpcResponse;
  try {
    response = { jsonrpc: "2.0", id, result: await handler((params as unknown[] | undefined) ?? []) };
  } catch (error) {
    if (error instanceof NodeRpcError) response = failure(id, error.code, error.message);
    else {
      const message = error instanceof Error ? error.message : String(error);
      logger.warn("rpc method failed", { method, error: message });
      response = failure(id, SERVER_ERROR, message);
    }
  }
  return notification ? null : response;
}

/** The fetch handler: POST a JSON-RPC request or a batch of them. */
export function jsonRpcHandler(methods: Methods, logger: Logger): (request: Request) => Promise<Response> {
  return async (request) => {
    if (request.method !== "POST")
      return json(failure(null, INVALID_REQUEST, "invalid request: POST a JSON-RPC body"));
    let body: unknown;
    try {
      const text = await request.text();
      if (text.length > MAX_BODY_BYTES)
        return json(failure(null, INVALID_REQUEST, `request body larger than ${MAX_BODY_BYTES} bytes`));
      body = JSON.parse(text);
    } catch {
      return json(failure(null, PARSE_ERROR, "parse error"));
    }
    if (!Array.isArray(body)) {
      const single = await answer(methods, body, logger);
      return single ? json(single) : new Response(null, { status: 200 });
    }
    if (body.length === 0) return json(failure(null, INVALID_REQUEST, "invalid request: empty batch"));
    if (body.length > MAX_BATCH_ITEMS)
      return json(failure(null, INVALID_REQUEST, `batch too large: at most ${MAX_BATCH_ITEMS} requests`));
    const answers = await Promise.all(body.map((item) => answer(methods, item, logger)));
    const responses = answers.filter((item): item is RpcResponse => item !== null);
    return responses.length > 0 ? json(responses) : new Response(null, { status: 200 });
  };
}

export interface JsonRpcServer {
  readonly url: string;
  stop(): Promise<void>;
}

/** Serves `methods` on `hostname:port` (port 0: a free one). Throws when it cannot listen. */
export function serveJsonRpc(options: {
  readonly hostname: string;
  readonly port: number;
  readonly methods: Methods;
  readonly logger: Logger;
}): JsonRpcServer {
  const server = Bun.serve({
    hostname: options.hostname,
    port: options.port,
    maxRequestBodySize: MAX_BODY_BYTES,
    fetch: jsonRpcHandler(options.methods, options.logger),
  });
  const host = options.hostname.includes(":") ? `[${options.hostname}]` : options.hostname;
  return {
    url: `http://${host}:${server.port}`,
    stop: () => server.stop(true),
  };
}
