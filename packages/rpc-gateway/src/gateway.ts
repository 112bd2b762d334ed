// The gateway: one Web-standard fetch handler for the whole RPC surface (DESIGN.md "RPC surface").
// Routing is by the first non-empty path segment, as op-supernode's router does: `/` serves the
// root methods (activities), `/<chainId>`, `/<chainId>/` and `/<chainId>/…` serve that chain's
// methods (method names are never rewritten). The gateway reads and parses the raw body itself
// (its byte limit enforced on Content-Length and while streaming), speaks JSON-RPC 2.0 single and batch, and holds a
// request to a chain that is not ready for up to `holdMs` before answering HTTP 503.
// Web-standard APIs only (Request, Response, ReadableStream, TextDecoder, setTimeout): no Bun or
// Node API, so the same handler runs under Bun (see serve.ts), Deno or an edge runtime.
import type { Logger } from "@supernode/protocol";
import { type BodyResult, readBody } from "./bodyReader.ts";
import { type Cors, corsFor } from "./cors.ts";
import {
  CHAIN_NOT_READY,
  errorObject,
  GatewayError,
  INTERNAL_ERROR,
  INVALID_REQUEST,
  PARSE_ERROR,
} from "./errors.ts";
import {
  answer,
  type CallListener,
  encodeError,
  idOf,
  type MethodHandler,
  type MethodTable,
} from "./jsonRpc.ts";

export type RouteState = "ready" | "starting" | "restarting" | "paused" | "stopped";

export interface GatewayOptions {
  /** Largest request body in bytes (default 5 MiB, geth's limit); larger gets HTTP 413. */
  readonly maxBodyBytes?: number;
  /** Most requests in one batch (default 1000, geth's limit); more gets one -32600 error. */
  readonly maxBatch?: number;
  /** How long a request to a chain that is not ready is held before HTTP 503 (default 5000 ms). */
  readonly holdMs?: number;
  /** Origins allowed by CORS (`"*"` allows any); null or absent: no CORS headers at all. */
  readonly cors?: { readonly origins: readonly string[] } | null;
  readonly logger?: Logger;
  /** Told of every request (metrics); the app maps it to its registry. */
  readonly observer?: GatewayObserver;
  /**
   * Serve the root methods at every path that is no chain's (and not /healthz), as op-node's
   * server answers a POST to any path; default false (an unknown prefix is 404).
   */
  readonly rootOnEveryPath?: boolean;
}

/** Where a request went: "root", a chain id, or "unknown" (no such route). */
export type RouteLabel = string;

/**
 * What the gateway reports for metrics, kept free of any metrics library so the core stays
 * Web-standard. `call` once per JSON-RPC call answered (each entry of a batch); `refused` once
 * per HTTP request answered with no call run: "unavailable" (a chain not ready: 503) or
 * "rejected" (404, 405, 413, a body that is no JSON, a batch over the limit); `served` once per
 * HTTP request with its duration.
 */
export interface GatewayObserver {
  call(route: RouteLabel, method: string, ok: boolean): void;
  refused(route: RouteLabel, reason: "unavailable" | "rejected"): void;
  served(route: RouteLabel, seconds: number): void;
}

export interface Gateway {
  /** Methods served at POST / (root activities: heartbeat_check, supernode_syncStatus, superroot_atTimestamp…). */
  registerRoot(methods: Record<string, MethodHandler>): void;
  /** Methods served at POST /<chainId> and /<chainId>/… ; state "ready" unless set. */
  registerChain(chainId: string, methods: Record<string, MethodHandler>, state?: RouteState): void;
  setChainState(chainId: string, state: RouteState): void;
  /** Web-standard handler (edge-ready core, no Bun/Node APIs). */
  fetch(request: Request): Promise<Response>;
}

export const DEFAULT_MAX_BODY_BYTES = 5 * 1024 * 1024;
export const DEFAULT_MAX_BATCH = 1000;
export const DEFAULT_HOLD_MS = 5000;

const routeStates: ReadonlySet<string> = new Set<RouteState>([
  "ready",
  "starting",
  "restarting",
  "paused",
  "stopped",
]);
/** A chain id is one URL path segment of unreserved characters; `healthz` is taken. */
const chainIdPattern = /^[A-Za-z0-9._~-]+$/;
const healthPath = "healthz";

/** What serves a route's calls: its methods, its logger, and the observer told of each call. */
interface CallTarget {
  methods: MethodTable;
  readonly logger: Logger;
  readonly onCall: CallListener | undefined;
}

interface ChainRoute extends CallTarget {
  readonly chainId: string;
  state: RouteState;
  /** Requests held until the chain is ready: each is called once when it becomes ready. */
  readonly waiters: Set<() => void>;
}

const jsonType = "application/json";
const discard = () => {};
/** protocol's silentLogger, written out: the core imports only types from protocol. */
const silentLogger: Logger = {
  trace: discard,
  debug: discard,
  info: discard,
  warn: discard,
  error: discard,
  child: () => silentLogger,
};
const lenientUtf8 = new TextDecoder();
const strictUtf8 = new TextDecoder("utf-8", { fatal: true });
/** The usual answer's init, made once (a Response copies its headers). */
const jsonHeaders = new Headers({ "content-type": jsonType });
const okInit: ResponseInit = { status: 200, headers: jsonHeaders };

function positiveInteger(key: string, value: number | undefined, fallback: number): number {
  if (value === undefined) return fallback;
  if (!Number.isSafeInteger(value) || value <= 0)
    throw new GatewayError(`${key} must be a positive integer (got ${value})`, { key });
  return value;
}

function methodTable(methods: Record<string, MethodHandler>, into: Map<string, MethodHandler>): void {
  for (const [name, handler] of Object.entries(methods)) {
    if (name.length === 0) throw new GatewayError("a method name must not be empty");
    if (typeof handler !== "function") throw new GatewayError(`method ${name} has no handler function`);
    into.set(name, handler);
  }
}

function checkState(state: string): RouteState {
  if (!routeStates.has(state)) throw new GatewayError(`unknown route state ${JSON.stringify(state)}`);
  return state as RouteState;
}

function shortened(text: string): string {
  return text.length > 100 ? `${text.slice(0, 100)}…` : text;
}

const unparsable: unique symbol = Symbol("unparsable");

/**
 * Strict UTF-8 (invalid bytes are a parse error, not U+FFFD), at the lenient decoder's speed: the
 * strict one, several times slower under Bun, runs only when a U+FFFD shows up.
 */
function decodeUtf8(bytes: Uint8Array): string {
  const text = lenientUtf8.decode(bytes);
  return text.includes("\uFFFD") ? strictUtf8.decode(bytes) : text;
}

/** The body as a JSON value; invalid UTF-8 or invalid JSON (including nesting too deep) is unparsable. */
function parseJson(bytes: Uint8Array): unknown {
  try {
    return JSON.parse(decodeUtf8(bytes));
  } catch {
    return unparsable;
  }
}

/** The path of an absolute URL without building a URL object (this runs for every request). */
function pathOf(url: string): string {
  const scheme = url.indexOf("://");
  const start = scheme < 0 ? 0 : url.indexOf("/", scheme + 3);
  if (start < 0) return "/";
  let end = url.length;
  const query = url.indexOf("?", start);
  if (query >= 0) end = query;
  const fragment = url.indexOf("#", start);
  if (fragment >= 0 && fragment < end) end = fragment;
  return url.slice(start, end);
}

/** The first non-empty segment of a path and whether anything follows it; null for the root. */
function firstSegment(path: string): { readonly segment: string; readonly rest: boolean } | null {
  let start = 0;
  while (start < path.length && path.charCodeAt(start) === 47) start++;
  if (start === path.length) return null;
  const end = path.indexOf("/", start);
  if (end < 0) return { segment: path.slice(start), rest: false };
  return { segment: path.slice(start, end), rest: end + 1 < path.length };
}

export function createGateway(options: GatewayOptions = {}): Gateway {
  const maxBodyBytes = positiveInteger("maxBodyBytes", options.maxBodyBytes, DEFAULT_MAX_BODY_BYTES);
  const maxBatch = positiveInteger("maxBatch", options.maxBatch, DEFAULT_MAX_BATCH);
  const holdMs = options.holdMs ?? DEFAULT_HOLD_MS;
  if (!Number.isFinite(holdMs) || holdMs < 0)
    throw new GatewayError(`holdMs must be a number of milliseconds ≥ 0 (got ${holdMs})`, { key: "holdMs" });
  const cors: Cors | null = options.cors ? corsFor(options.cors.origins) : null;
  const logger = options.logger ?? silentLogger;
  const observer = options.observer ?? null;
  const rootOnEveryPath = options.rootOnEveryPath ?? false;

  let root: Map<string, MethodHandler> | null = null;
  const chains = new Map<string, ChainRoute>();
  const listenerFor = (label: RouteLabel): CallListener | undefined =>
    observer === null ? undefined : (method, ok) => observer.call(label, method, ok);
  const rootTarget: CallTarget = { methods: new Map(), logger, onCall: listenerFor("root") };

  function respond(
    status: number,
    body: string | null,
    request: Request,
    extra?: Record<string, string>,
  ): Response {
    if (extra === undefined && cors === null)
      return new Response(body, status === 200 ? okInit : { status, headers: jsonHeaders });
    const headers: Record<string, string> = { "content-type": jsonType, ...extra };
    cors?.addHeaders(request.headers.get("origin"), headers);
    return new Response(body, { status, headers });
  }

  function errorResponse(
    status: number,
    request: Request,
    code: number,
    message: string,
    headers?: Record<string, string>,
  ): Response {
    return respond(status, encodeError(null, errorObject(code, message)), request, headers);
  }

  /** Resolves true as soon as the chain is ready, false when `holdMs` passes first (or the client left). */
  function waitUntilReady(route: ChainRoute, signal: AbortSignal): Promise<boolean> {
    if (holdMs === 0 || signal.aborted) return Promise.resolve(false);
    return new Promise((resolve) => {
      const finish = () => {
        clearTimeout(timer);
        route.waiters.delete(finish);
        signal.removeEventListener("abort", finish);
        resolve(route.state === "ready");
      };
      const timer = setTimeout(finish, holdMs);
      route.waiters.add(finish);
      signal.addEventListener("abort", finish);
    });
  }

  function wake(route: ChainRoute): void {
    if (route.state !== "ready") return;
    for (const waiter of [...route.waiters]) waiter();
  }

  function refused(label: RouteLabel, reason: "unavailable" | "rejected"): void {
    observer?.refused(label, reason);
  }

  function served(label: RouteLabel, started: number, response: Response): Response {
    observer?.served(label, (performance.now() - started) / 1000);
    return response;
  }

  /** A request that can no longer be served: a JSON answer for it, and the refusal counted. */
  function rejected(
    label: RouteLabel,
    status: number,
    request: Request,
    code: number,
    message: string,
    headers?: Record<string, string>,
  ): Response {
    refused(label, "rejected");
    return errorResponse(status, request, code, message, headers);
  }

  /**
   * Answers a POST to a route once its body is read. Synchronous when every method called is
   * (the usual case: no promise is made between the body read and the answer).
   */
  function serveRpc(
    request: Request,
    route: ChainRoute | null,
    label: RouteLabel,
    read: BodyResult,
  ): Response | Promise<Response> {
    if (read.kind === "too-large")
      return rejected(
        label,
        413,
        request,
        INVALID_REQUEST,
        `request body too large: the limit is ${maxBodyBytes} bytes`,
      );
    if (read.kind === "unreadable")
      return rejected(label, 400, request, PARSE_ERROR, "parse error: the request body could not be read");
    const body = parseJson(read.bytes);
    if (body === unparsable)
      return rejected(label, 200, request, PARSE_ERROR, "parse error: the body is not valid JSON");
    const batch = Array.isArray(body) ? (body as unknown[]) : null;
    if (batch !== null && batch.length === 0)
      return rejected(label, 200, request, INVALID_REQUEST, "invalid request: empty batch");
    if (batch !== null && batch.length > maxBatch)
      return rejected(
        label,
        200,
        request,
        INVALID_REQUEST,
        `invalid request: batch of ${batch.length} requests, the limit is ${maxBatch}`,
      );
    if (route === null) return call(request, rootTarget, body, batch);
    if (route.state === "ready") return call(request, route, body, batch);
    return waitUntilReady(route, request.signal).then((ready) => {
      if (ready) return call(request, route, body, batch);
      route.logger.debug("rpc request refused: chain not ready", { state: route.state, holdMs });
      refused(label, "unavailable");
      const error = errorObject(CHAIN_NOT_READY, `chain ${route.chainId} is not ready (${route.state})`, {
        chainId: route.chainId,
        state: route.state,
      });
      return respond(503, encodeError(batch ? null : idOf(body), error), request, { "retry-after": "1" });
    });
  }

  function call(
    request: Request,
    { methods, logger: log, onCall }: CallTarget,
    body: unknown,
    batch: unknown[] | null,
  ): Response | Promise<Response> {
    if (batch === null) {
      const single = answer(methods, body, log, onCall);
      if (single instanceof Promise) return single.then((text) => respond(200, text, request));
      return respond(200, single, request);
    }
    return Promise.all(batch.map((item) => answer(methods, item, log, onCall))).then((answers) => {
      const parts = answers.filter((part): part is string => part !== null);
      return respond(200, parts.length === 0 ? null : `[${parts.join(",")}]`, request);
    });
  }

  function preflight(request: Request): Response {
    if (cors === null)
      return errorResponse(
        405,
        request,
        INVALID_REQUEST,
        "method OPTIONS not allowed: POST a JSON-RPC request",
        {
          allow: "POST",
        },
      );
    const headers = cors.preflightHeaders(request);
    if (headers === null) return errorResponse(403, request, INVALID_REQUEST, "origin not allowed");
    return new Response(null, { status: 204, headers });
  }

  function health(request: Request): Response {
    if (request.method === "GET" || request.method === "HEAD")
      return new Response(request.method === "HEAD" ? null : "ok", {
        status: 200,
        headers: { "content-type": "text/plain; charset=utf-8" },
      });
    return errorResponse(
      405,
      request,
      INVALID_REQUEST,
      `method ${request.method} not allowed: GET /healthz`,
      {
        allow: "GET, HEAD",
      },
    );
  }

  /**
   * Routes a request and answers it, telling the observer where it went and how long it took.
   * One promise per request besides the runtime's body read: routing, the checks and a
   * synchronous method all run in the step that receives the body.
   */
  function handle(request: Request, started: number): Response | Promise<Response> {
    const target = firstSegment(pathOf(request.url));
    if (target !== null && target.segment === healthPath && !target.rest)
      return served(healthPath, started, health(request));
    const route = target === null ? null : (chains.get(target.segment) ?? null);
    // The root path, or (op-node's catch-all) any path that is no chain's.
    const atRoot = target === null || (route === null && rootOnEveryPath);
    if (atRoot ? root === null : route === null) {
      const what =
        target === null
          ? "no root methods are served"
          : `no chain ${shortened(target.segment)} is served here`;
      return served(
        "unknown",
        started,
        rejected("unknown", 404, request, INVALID_REQUEST, `not found: ${what}`),
      );
    }
    const label = route === null ? "root" : route.chainId;
    if (request.method === "POST")
      return readBody(request, maxBodyBytes, (read) => {
        let answered: Response | Promise<Response>;
        try {
          answered = serveRpc(request, route, label, read);
        } catch (error) {
          answered = failed(request, error);
        }
        if (!(answered instanceof Promise)) return served(label, started, answered);
        return answered.then(
          (response) => served(label, started, response),
          (error: unknown) => served(label, started, failed(request, error)),
        );
      });
    if (request.method === "OPTIONS") return served(label, started, preflight(request));
    return served(
      label,
      started,
      rejected(
        label,
        405,
        request,
        INVALID_REQUEST,
        `method ${request.method} not allowed: POST a JSON-RPC request`,
        { allow: cors === null ? "POST" : "POST, OPTIONS" },
      ),
    );
  }

  function failed(request: Request, error: unknown): Response {
    // Only a bug gets here: every expected failure has its own answer above.
    logger.error("rpc gateway failed", {
      error: error instanceof Error ? error.message : String(error),
      stack: error instanceof Error ? error.stack : undefined,
    });
    return errorResponse(500, request, INTERNAL_ERROR, "internal error");
  }

  return {
    registerRoot(methods) {
      const table = new Map(root ?? []);
      methodTable(methods, table);
      root = table;
      rootTarget.methods = table;
    },

    registerChain(chainId, methods, state = "ready") {
      if (!chainIdPattern.test(chainId) || chainId === healthPath)
        throw new GatewayError(`chain id ${JSON.stringify(chainId)} cannot be a path segment`, { chainId });
      const checked = checkState(state);
      const table = new Map<string, MethodHandler>();
      methodTable(methods, table);
      const existing = chains.get(chainId);
      if (existing) {
        existing.methods = table;
        existing.state = checked;
        wake(existing);
        return;
      }
      chains.set(chainId, {
        chainId,
        methods: table,
        state: checked,
        waiters: new Set(),
        logger: logger.child({ chainId }),
        onCall: listenerFor(chainId),
      });
    },

    setChainState(chainId, state) {
      const route = chains.get(chainId);
      if (!route) throw new GatewayError(`chain ${chainId} is not registered`, { chainId });
      route.state = checkState(state);
      wake(route);
    },

    fetch(request) {
      const started = observer === null ? 0 : performance.now();
      try {
        const answered = handle(request, started);
        return answered instanceof Promise ? answered : Promise.resolve(answered);
      } catch (error) {
        // A bug in routing or in the observer: a JSON 500 if that can still be made, else a
        // rejection (never a synchronous throw from a handler typed to return a promise).
        try {
          return Promise.resolve(served("unknown", started, failed(request, error)));
        } catch (again) {
          return Promise.reject(again);
        }
      }
    },
  };
}
