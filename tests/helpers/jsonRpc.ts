// One JSON-RPC call over HTTP, as the tests make them against a supernode, a virtual node or an
// engine: POST the request, return `result`, throw on a JSON-RPC error or an answer that is none.

export class RpcCallError extends Error {
  constructor(
    message: string,
    /** The JSON-RPC error code, when the answer had one. */
    readonly code: number | undefined,
    /** The HTTP status of the answer. */
    readonly status: number,
  ) {
    super(message);
    this.name = "RpcCallError";
  }
}

export async function rpcCall<T>(
  url: string,
  method: string,
  params: readonly unknown[] = [],
  options: { readonly signal?: AbortSignal } = {},
): Promise<T> {
  const response = await fetch(url, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ jsonrpc: "2.0", id: 1, method, params }),
    ...(options.signal ? { signal: options.signal } : {}),
  });
  const text = await response.text();
  let body: { result?: T; error?: { code?: number; message?: string } };
  try {
    body = JSON.parse(text);
  } catch {
    throw new RpcCallError(
      `${method} (HTTP ${response.status}): not JSON: ${text.slice(0, 200)}`,
      undefined,
      response.status,
    );
  }
  if (body.error)
    throw new RpcCallError(
      `${method} (HTTP ${response.status}): ${body.error.code} ${body.error.message}`,
      body.error.code,
      response.status,
    );
  if (response.status !== 200 || !("result" in body))
    throw new RpcCallError(`${method} (HTTP ${response.status}): no result`, undefined, response.status);
  return body.result as T;
}
