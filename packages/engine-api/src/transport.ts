// The Engine API transport: JSON-RPC over HTTP, every request with an HS256 JWT. A token is
// reused for at most 5 s (well inside the engines' ±60 s window, so clock skew between us and the
// engine never makes a token stale by the time it arrives), then a fresh one is signed.
import { signJwt } from "@supernode/protocol";
import { classifyRpcCode, EngineApiError } from "./errors.ts";
import type { EngineApiMetrics } from "./metrics.ts";

export interface EngineTransportOptions {
  readonly url: string;
  readonly jwtSecret: Uint8Array;
  /** Per-call timeout (default 10 s; op-node uses 10 s for engine calls). */
  readonly timeoutMs?: number;
  /** Seconds since the epoch (injected for tests). */
  readonly now?: () => number;
  /** Call counts and latency, labelled with this chain id. */
  readonly metrics?: EngineApiMetrics | null;
  readonly chainId?: number;
}

export type RpcCall = <T>(
  method: string,
  params: readonly unknown[],
  options?: { timeoutMs?: number },
) => Promise<T>;

const TOKEN_REUSE_SECONDS = 5;

export function createEngineTransport(options: EngineTransportOptions): RpcCall {
  const now = options.now ?? (() => Date.now() / 1000);
  let token: { value: string; issuedAt: number } | null = null;
  let nextId = 1;
  const bearer = () => {
    const at = now();
    if (!token || at - token.issuedAt >= TOKEN_REUSE_SECONDS || at < token.issuedAt) {
      token = { value: signJwt(options.jwtSecret, at), issuedAt: at };
    }
    return token.value;
  };

  const send = async <T>(
    method: string,
    params: readonly unknown[],
    callOptions: { timeoutMs?: number } = {},
  ): Promise<T> => {
    const timeoutMs = callOptions.timeoutMs ?? options.timeoutMs ?? 10_000;
    let response: Response;
    try {
      response = await fetch(options.url, {
        method: "POST",
        headers: { "content-type": "application/json", authorization: `Bearer ${bearer()}` },
        body: JSON.stringify({ jsonrpc: "2.0", id: nextId++, method, params }),
        signal: AbortSignal.timeout(timeoutMs),
      });
    } catch (error) {
      const timedOut =
        error instanceof Error && (error.name === "TimeoutError" || error.name === "AbortError");
      throw new EngineApiError(
        "temporary",
        timedOut ? "timeout" : "network",
        method,
        timedOut
          ? `no answer within ${timeoutMs} ms`
          : `cannot reach ${options.url}: ${(error as Error).message}`,
        { cause: error },
      );
    }
    if (response.status === 401 || response.status === 403) {
      const text = await response.text().catch(() => "");
      throw new EngineApiError(
        "critical",
        "auth",
        method,
        `the engine refused our JWT (HTTP ${response.status}${text ? `: ${text.slice(0, 120)}` : ""}); check the JWT secret both sides use`,
        { status: response.status },
      );
    }
    if (response.status !== 200) {
      throw new EngineApiError("temporary", "http", method, `HTTP ${response.status}`, {
        status: response.status,
      });
    }
    let body: { result?: T; error?: { code?: unknown; message?: unknown } };
    try {
      body = (await response.json()) as typeof body;
    } catch (error) {
      throw new EngineApiError("temporary", "bad-response", method, "the answer is not JSON", {
        cause: error,
      });
    }
    if (body && typeof body === "object" && body.error) {
      const code = typeof body.error.code === "number" ? body.error.code : -32603;
      const { kind, reason } = classifyRpcCode(code);
      throw new EngineApiError(
        kind,
        reason,
        method,
        `${String(body.error.message ?? "error")} (code ${code})`,
        { rpcCode: code },
      );
    }
    if (!body || typeof body !== "object" || !("result" in body)) {
      throw new EngineApiError(
        "temporary",
        "bad-response",
        method,
        "the answer has neither result nor error",
      );
    }
    return body.result as T;
  };

  const metrics = options.metrics ?? null;
  if (!metrics) return send;
  const chainId = String(options.chainId ?? "unknown");
  return async <T>(
    method: string,
    params: readonly unknown[],
    callOptions?: { timeoutMs?: number },
  ): Promise<T> => {
    const stopTimer = metrics.callSeconds.startTimer({ chain_id: chainId, method });
    try {
      const result = await send<T>(method, params, callOptions);
      metrics.calls.inc({ chain_id: chainId, method, outcome: "ok" });
      return result;
    } catch (error) {
      metrics.calls.inc({
        chain_id: chainId,
        method,
        outcome: error instanceof EngineApiError ? error.reason : "error",
      });
      throw error;
    } finally {
      stopTimer();
    }
  };
}
