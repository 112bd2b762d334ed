// Plain JSON-RPC over HTTP for the batcher's reads. With a JWT secret every request
// carries a fresh HS256 token: the devnet engine answers even its eth_* reads only with one.
import { signJwt } from "@supernode/protocol";
import { BatcherError, messageOf } from "./errors.ts";

export type RpcCall = <T>(method: string, params: readonly unknown[]) => Promise<T>;

export interface JsonRpcOptions {
  /** Which side the node is on (names the error reason). */
  readonly side: "l1" | "l2";
  readonly jwtSecret?: Uint8Array;
  /** Per-call timeout (default 10 s). */
  readonly timeoutMs?: number;
}

export function jsonRpc(url: string, options: JsonRpcOptions): RpcCall {
  const reason = options.side === "l1" ? "l1-rpc" : "l2-rpc";
  let nextId = 1;
  return async <T>(method: string, params: readonly unknown[]): Promise<T> => {
    const headers: Record<string, string> = { "content-type": "application/json" };
    if (options.jwtSecret) headers.authorization = `Bearer ${signJwt(options.jwtSecret, Date.now() / 1000)}`;
    let response: Response;
    try {
      response = await fetch(url, {
        method: "POST",
        headers,
        body: JSON.stringify({ jsonrpc: "2.0", id: nextId++, method, params }),
        signal: AbortSignal.timeout(options.timeoutMs ?? 10_000),
      });
    } catch (error) {
      throw new BatcherError("temporary", reason, `${method} at ${url}: ${messageOf(error)}`, {
        cause: error,
      });
    }
    if (response.status !== 200) {
      const text = (await response.text().catch(() => "")).slice(0, 120);
      const auth = response.status === 401 || response.status === 403;
      throw new BatcherError(
        auth ? "critical" : "temporary",
        reason,
        `${method} at ${url}: HTTP ${response.status}${text ? ` (${text})` : ""}${auth ? ": check the JWT secret" : ""}`,
      );
    }
    let body: { result?: T; error?: { code?: number; message?: string } };
    try {
      body = (await response.json()) as typeof body;
    } catch (error) {
      throw new BatcherError("temporary", reason, `${method} at ${url}: the answer is not JSON`, {
        cause: error,
      });
    }
    if (body.error) {
      throw new BatcherError(
        "temporary",
        reason,
        `${method}: ${body.error.message ?? "error"} (code ${body.error.code ?? "none"})`,
      );
    }
    if (!("result" in body))
      throw new BatcherError("temporary", reason, `${method}: an answer without result`);
    return body.result as T;
  };
}
