// The one place where errors become JSON-RPC error objects (STYLE.md: only rpc-gateway maps
// internal codes to JSON-RPC codes). Handlers throw `RpcError` to choose a code; anything else a
// handler throws is a server error (-32000) carrying only its message, never its stack.

/** The body is not valid JSON (or not UTF-8). */
export const PARSE_ERROR = -32700;
/** Not a JSON-RPC 2.0 request object; also an empty or oversized batch, a body over the limit, no route. */
export const INVALID_REQUEST = -32600;
export const METHOD_NOT_FOUND = -32601;
export const INVALID_PARAMS = -32602;
/** A result that cannot be written as JSON (a bigint, a cycle, nesting too deep). */
export const INTERNAL_ERROR = -32603;
/** geth's code for an error a method returned. */
export const SERVER_ERROR = -32000;
/** EIP-1474 "resource unavailable": the chain is not ready (held, then HTTP 503). */
export const CHAIN_NOT_READY = -32002;

/** Thrown by a method handler to answer with a chosen JSON-RPC error code, message and data. */
export class RpcError extends Error {
  override readonly name = "RpcError";

  constructor(
    readonly code: number,
    message: string,
    readonly data?: unknown,
  ) {
    super(message);
  }
}

/**
 * Misuse of the gateway's own API: a bad option, a bad chain id, an unknown chain. Shaped like
 * protocol's SupernodeError (a string-literal code and metadata) without importing it: the
 * protocol entry point loads WebAssembly as it is imported, which the edge-ready core must not.
 */
export class GatewayError extends Error {
  override readonly name = "GatewayError";
  readonly code = "RPC_GATEWAY_USAGE";

  constructor(
    message: string,
    readonly meta: { readonly key?: string; readonly chainId?: string } = {},
  ) {
    super(message);
  }
}

export interface ErrorObject {
  readonly code: number;
  readonly message: string;
  readonly data?: unknown;
}

export function errorObject(code: number, message: string, data?: unknown): ErrorObject {
  return data === undefined ? { code, message } : { code, message, data };
}

/** What a client sees for an error a handler threw. */
export function errorFromThrown(thrown: unknown): ErrorObject {
  if (thrown instanceof RpcError) {
    const code = Number.isSafeInteger(thrown.code) ? thrown.code : SERVER_ERROR;
    return errorObject(code, thrown.message, thrown.data);
  }
  if (thrown instanceof Error) return errorObject(SERVER_ERROR, thrown.message);
  if (typeof thrown === "string") return errorObject(SERVER_ERROR, thrown);
  return errorObject(SERVER_ERROR, "server error");
}
