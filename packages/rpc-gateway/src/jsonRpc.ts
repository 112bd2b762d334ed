// JSON-RPC 2.0 on parsed values: checks one request object, calls its method and writes the
// response as JSON text. Nothing here recurses: the top level of a request is inspected, params are
// measured for depth with an explicit stack (a method never sees params nested deeper than
// MAX_PARAMS_DEPTH, so no handler can overflow its stack walking them), and a result or error data
// that cannot be written (a bigint, a cycle, nesting too deep for JSON.stringify) becomes an
// internal error for that one response.
import type { Logger } from "@supernode/protocol";
import {
  type ErrorObject,
  errorFromThrown,
  errorObject,
  INTERNAL_ERROR,
  INVALID_PARAMS,
  INVALID_REQUEST,
  METHOD_NOT_FOUND,
  RpcError,
} from "./errors.ts";

/**
 * A result that is JSON text already: written into the answer as it is, not stringified again. For
 * a method that answers the same value to many callers (optimism_syncStatus polled by a fleet of
 * light CLs) and keeps its text until the value changes. The text must be one valid JSON value.
 */
export class JsonText {
  constructor(readonly json: string) {}
}

/** A method: receives the request's positional params (an empty array when there were none). */
export type MethodHandler = (params: readonly unknown[]) => Promise<unknown> | unknown;
export type MethodTable = ReadonlyMap<string, MethodHandler>;
export type Id = string | number | null;
/** Told of each call's end: the method (a served name, else "unknown") and whether it succeeded. */
export type CallListener = (method: string, ok: boolean) => void;

const noParams: readonly unknown[] = Object.freeze([]);

/** Deepest nesting of arrays and objects accepted in params (op-node's methods need 2 or 3). */
export const MAX_PARAMS_DEPTH = 64;

/** Whether `value` nests arrays or objects deeper than `limit` levels (iterative: no recursion). */
export function nestedDeeperThan(value: unknown, limit: number): boolean {
  if (typeof value !== "object" || value === null) return false;
  if (limit < 1) return true;
  // Pairs of (object, depth), made only when a nested array or object shows up: usual params have none.
  let pending: (object | number)[] | null = null;
  let item: object = value;
  let depth = 1;
  for (;;) {
    const children: readonly unknown[] = Array.isArray(item) ? item : Object.values(item);
    for (let i = 0; i < children.length; i++) {
      const child = children[i];
      if (typeof child !== "object" || child === null) continue;
      if (depth + 1 > limit) return true;
      if (pending === null) pending = [];
      pending.push(child, depth + 1);
    }
    if (pending === null || pending.length === 0) return false;
    depth = pending.pop() as number;
    item = pending.pop() as object;
  }
}

/** Longest method name repeated in an error message. */
const maxNameInMessage = 100;

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

/** A string, a finite number (1e400 parses as Infinity, which has no JSON form to echo) or null. */
function isId(value: unknown): value is Id {
  return typeof value === "string" || (typeof value === "number" && Number.isFinite(value)) || value === null;
}

/** The id to echo for `value` when it is a request object with a usable id, else null. */
export function idOf(value: unknown): Id {
  if (!isRecord(value)) return null;
  const id = value.id;
  return isId(id) ? id : null;
}

function shown(name: string): string {
  return name.length > maxNameInMessage ? `${name.slice(0, maxNameInMessage)}…` : name;
}

export function encodeError(id: Id, error: ErrorObject): string {
  const head = `{"jsonrpc":"2.0","id":${JSON.stringify(id)},"error":`;
  try {
    return `${head}${JSON.stringify(error)}}`;
  } catch {
    // Unwritable `data`: keep the code and message, which are a number and a string.
    return `${head}${JSON.stringify({ code: error.code, message: error.message })}}`;
  }
}

function encodeResult(id: Id, result: unknown): string {
  // undefined, a function or a symbol has no JSON form: the result is null.
  const text = result instanceof JsonText ? result.json : (JSON.stringify(result) ?? "null");
  return `{"jsonrpc":"2.0","id":${JSON.stringify(id)},"result":${text}}`;
}

interface Call {
  readonly id: Id;
  readonly method: string;
  readonly params: unknown;
  /** No id member: the request is never answered, even when it fails. */
  readonly notification: boolean;
}

type Outcome =
  | { readonly ok: true; readonly result: unknown }
  | { readonly ok: false; readonly error: ErrorObject };

function invalid(id: Id, why: string): string {
  return encodeError(id, errorObject(INVALID_REQUEST, `invalid request: ${why}`));
}

/** The call a request object asks for, or the -32600 response (JSON text) when it is no request. */
function check(request: unknown): Call | string {
  if (!isRecord(request)) return invalid(null, "expected a JSON-RPC request object");
  const notification = !Object.hasOwn(request, "id");
  const id = request.id;
  if (!notification && !isId(id)) return invalid(null, "id must be a string, a number or null");
  const answerId: Id = notification ? null : (id as Id);
  if (request.jsonrpc !== "2.0") return invalid(answerId, 'jsonrpc must be "2.0"');
  const method = request.method;
  if (typeof method !== "string" || method.length === 0)
    return invalid(answerId, "method must be a non-empty string");
  return { id: answerId, method, params: request.params, notification };
}

function isThenable(value: unknown): value is PromiseLike<unknown> {
  return (
    (typeof value === "object" || typeof value === "function") &&
    value !== null &&
    typeof (value as { then?: unknown }).then === "function"
  );
}

/** Runs the method; synchronous when the handler is (no promise is made for a plain result). */
function invoke(methods: MethodTable, call: Call, logger: Logger): Outcome | Promise<Outcome> {
  const { method, params } = call;
  const handler = methods.get(method);
  if (handler === undefined)
    return failed(METHOD_NOT_FOUND, `the method ${shown(method)} does not exist/is not available`);
  let positional: readonly unknown[];
  if (Array.isArray(params)) positional = params;
  else if (params === undefined || params === null) positional = noParams;
  else if (isRecord(params))
    return failed(INVALID_PARAMS, "invalid params: named params are not supported, pass an array");
  else return failed(INVALID_PARAMS, "invalid params: params must be an array");
  if (nestedDeeperThan(positional, MAX_PARAMS_DEPTH))
    return failed(INVALID_PARAMS, `invalid params: nested deeper than ${MAX_PARAMS_DEPTH} levels`);
  let result: unknown;
  try {
    result = handler(positional);
  } catch (thrown) {
    return refused(method, thrown, logger);
  }
  if (!isThenable(result)) return { ok: true, result };
  return Promise.resolve(result).then(
    (value): Outcome => ({ ok: true, result: value }),
    (thrown: unknown) => refused(method, thrown, logger),
  );
}

function refused(method: string, thrown: unknown, logger: Logger): Outcome {
  const error = errorFromThrown(thrown);
  if (thrown instanceof RpcError) logger.debug("rpc method refused", { method, code: error.code });
  else {
    const stack = thrown instanceof Error ? thrown.stack : undefined;
    logger.warn("rpc method failed", { method, error: error.message, stack });
  }
  return { ok: false, error };
}

function failed(code: number, message: string): Outcome {
  return { ok: false, error: errorObject(code, message) };
}

function written(call: Call, outcome: Outcome, logger: Logger): string | null {
  if (call.notification) return null;
  if (!outcome.ok) return encodeError(call.id, outcome.error);
  try {
    return encodeResult(call.id, outcome.result);
  } catch (thrown) {
    logger.warn("rpc result is not JSON", { method: call.method, error: errorFromThrown(thrown).message });
    return encodeError(
      call.id,
      errorObject(INTERNAL_ERROR, "internal error: the result cannot be written as JSON"),
    );
  }
}

/**
 * Answers one element of a request (the whole body, or one entry of a batch): the response as
 * JSON text, or null for a notification. Synchronous when the method is.
 */
export function answer(
  methods: MethodTable,
  request: unknown,
  logger: Logger,
  onCall?: CallListener,
): string | null | Promise<string | null> {
  const call = check(request);
  if (typeof call === "string") {
    onCall?.("unknown", false);
    return call;
  }
  const outcome = invoke(methods, call, logger);
  // Unknown names are one label: a client must not be able to grow the metrics without bound.
  const name = methods.has(call.method) ? call.method : "unknown";
  if (outcome instanceof Promise)
    return outcome.then((settled) => {
      onCall?.(name, settled.ok);
      return written(call, settled, logger);
    });
  onCall?.(name, outcome.ok);
  return written(call, outcome, logger);
}
