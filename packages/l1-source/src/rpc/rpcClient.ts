// JSON-RPC to L1 over viem's HTTP transport (batching up to a max batch size), with a
// per-request timeout, a concurrency and rate limit, retries for transient failures, and every
// failure classified: transient (timeouts, connection errors, 429, 5xx, malformed JSON) or
// permanent (other HTTP statuses and JSON-RPC errors).
import { HttpRequestError, http, RpcError, RpcRequestError, TimeoutError } from "viem";
import { L1SourceError } from "../errors.ts";
import type { L1SourceMetrics, RequestOutcome } from "../metrics.ts";
import { Limiter } from "./limiter.ts";
import {
  defaultRetryPolicy,
  type RetryEnvironment,
  type RetryPolicy,
  realEnvironment,
  withRetries,
} from "./retry.ts";

export interface RpcClientOptions {
  readonly url: string;
  readonly timeoutMs?: number;
  readonly maxBatchSize?: number;
  readonly concurrency?: number;
  readonly ratePerSecond?: number;
  readonly retry?: RetryPolicy;
  readonly environment?: RetryEnvironment;
  readonly metrics?: L1SourceMetrics | null;
}

/** JSON-RPC error codes that mean "try again later" (rate limits, overloaded nodes). */
const transientRpcCodes = new Set([-32005, -32603, 429]);

export function classify(method: string, error: unknown): L1SourceError {
  if (error instanceof L1SourceError) return error;
  if (error instanceof TimeoutError)
    return new L1SourceError("transient", method, "timed out", { cause: error });
  // viem wraps JSON-RPC error objects in RpcError subclasses (MethodNotFoundRpcError, ...).
  const rpcError = error instanceof RpcError ? error : null;
  if (rpcError || error instanceof RpcRequestError) {
    const code = (rpcError ?? (error as RpcRequestError)).code;
    const kind = transientRpcCodes.has(code) ? "transient" : "permanent";
    return new L1SourceError(kind, method, `rpc error ${code}: ${(error as RpcError).shortMessage}`, {
      cause: error,
    });
  }
  if (error instanceof HttpRequestError) {
    const status = error.status;
    const kind = status === undefined || status === 429 || status >= 500 ? "transient" : "permanent";
    const what = status === undefined ? "request failed" : `HTTP ${status}`;
    return new L1SourceError(
      kind,
      method,
      what,
      status === undefined ? { cause: error } : { status, cause: error },
    );
  }
  // Malformed JSON and dropped connections surface as other errors: worth another try.
  const message = error instanceof Error ? error.message : String(error);
  return new L1SourceError("transient", method, message, { cause: error });
}

export class RpcClient {
  readonly #request: (args: { method: string; params?: unknown }) => Promise<unknown>;
  readonly #limiter: Limiter;
  readonly #retry: RetryPolicy;
  readonly #environment: RetryEnvironment;
  readonly #metrics: L1SourceMetrics | null;

  constructor(options: RpcClientOptions) {
    this.#metrics = options.metrics ?? null;
    const metrics = this.#metrics;
    const transport = http(options.url, {
      batch: { batchSize: options.maxBatchSize ?? 100, wait: 0 },
      retryCount: 0,
      timeout: options.timeoutMs ?? 10_000,
      onFetchResponse: (response) => {
        const length = Number(response.headers.get("content-length") ?? 0);
        if (metrics && length > 0) metrics.receivedBytes.inc(length);
      },
    })({ retryCount: 0 });
    this.#request = transport.request as (args: { method: string; params?: unknown }) => Promise<unknown>;
    this.#limiter = new Limiter(options.concurrency ?? 16, options.ratePerSecond);
    this.#retry = options.retry ?? defaultRetryPolicy;
    this.#environment = options.environment ?? realEnvironment;
  }

  /** One request, retried while transient; the result as the node returned it (JSON). */
  request<T>(method: string, params: unknown[] = []): Promise<T> {
    return withRetries(
      () =>
        this.#limiter.run(async () => {
          const started = performance.now();
          let outcome: RequestOutcome = "ok";
          try {
            return (await this.#request({ method, params })) as T;
          } catch (error) {
            const classified = classify(method, error);
            outcome = classified.kind === "not-found" ? "not_found" : classified.kind;
            throw classified;
          } finally {
            this.#metrics?.requests.inc({ method, outcome });
            this.#metrics?.requestSeconds.observe({ method }, (performance.now() - started) / 1000);
          }
        }),
      this.#retry,
      this.#environment,
    );
  }
}
